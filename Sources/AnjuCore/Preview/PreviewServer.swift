import AnjuKernels
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for the preview: GET and HEAD of the site's pages,
/// and a server-sent event stream that tells open pages to reload.
///
/// Written on POSIX sockets rather than FlyingFox or Hummingbird: FlyingFox's streamed
/// bodies need an AsyncBufferedSequence and its connection timeout would cut an event
/// stream, and Hummingbird with SwiftNIO adds minutes to every clean build (CI builds from a
/// fresh clone), for a server that only ever talks to the editor's own browser. It holds up
/// anyway: each connection has a thread of its own (an idle one delays no other), a request
/// head must arrive within a few seconds, `accept` running out of descriptors waits and
/// tries again, and only requests addressed to 127.0.0.1 or localhost are answered.
public final class PreviewServer: @unchecked Sendable {
    public let port: Int
    private let listener: Int32
    /// Set before `start()`: the site is built knowing the port it is served on.
    public var site: PreviewSite!
    private let lock = NSLock()
    /// Held for a whole broadcast: messages never interleave and a socket is closed once.
    private let sending = NSLock()
    private var subscribers: [Int32] = []
    /// Connections being served; past `maximumConnections` new ones are refused at once.
    private var open = 0
    static let maximumConnections = 512
    /// A quarter of the descriptors the process may open, 64 at most: the rest serve pages.
    static let maximumEventStreams: Int = {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 16 }
        return max(4, min(64, Int(limit.rlim_cur) / 4))
    }()
    /// Seconds a client has to send its request head: an idle connection holds a thread.
    static let requestHeadSeconds = 5

    public struct StartError: Error, CustomStringConvertible {
        public var wording: Wording
        public init(_ wording: Wording) { self.wording = wording }
        public var description: String { wording.english }
    }

    /// Listens on 127.0.0.1:`port` (0: a free port).
    public init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(Wording("cannot open a socket", zh: "打不开网络端口（\(String(cString: strerror(errno)))）")) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard let bound = FileDescriptorIO.listenOnLoopback(fd, port: port, backlog: 64) else {
            close(fd)
            let reason = String(cString: strerror(errno))
            throw StartError(Wording("cannot listen on 127.0.0.1:\(port): \(reason)",
                                     zh: "端口 \(port) 用不了，可能已经开着一个预览（\(reason)）：请关掉它，或者换一个端口 --port"))
        }
        self.port = bound
        self.listener = fd
        signal(SIGPIPE, SIG_IGN)
    }

    /// Accepts connections on a background thread, each served on a thread of its own.
    public func start() {
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    switch errno {
                    case EINTR, ECONNABORTED, EPROTO: continue
                    default:
                        // Out of descriptors (EMFILE, ENFILE) or memory: wait for some to be
                        // freed rather than stop serving for good.
                        usleep(5_000)
                        continue
                    }
                }
                let admitted: Bool = lock.withLock {
                    guard open < Self.maximumConnections else { return false }
                    open += 1
                    return true
                }
                guard admitted else {
                    _ = Self.send(client, Array("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
                    close(client)
                    continue
                }
                let thread = Thread { [self] in
                    handle(client)
                    lock.withLock { open -= 1 }
                }
                thread.stackSize = 256 * 1024
                thread.start()
            }
        }
        // Keep event streams open through proxies and idle timeouts.
        Thread.detachNewThread { [self] in
            while true {
                sleep(15)
                broadcast(": keep-alive\n\n")
            }
        }
    }

    /// Tells every open page what happened: reload, or the problems to show.
    public func notify(problems: [Diagnostic]) {
        let errors = problems.filter { $0.severity == .error }
        if errors.isEmpty {
            broadcast("event: reload\ndata: \(site.version)\n\n")
        } else {
            let list = "[" + errors.map { StructuredData.json($0.text(in: PreviewReload.language)) }.joined(separator: ",") + "]"
            broadcast("event: problems\ndata: \(list)\n\n")
        }
    }

    private func broadcast(_ message: String) {
        let bytes = Array(message.utf8)
        sending.lock()
        defer { sending.unlock() }
        lock.lock()
        let current = subscribers
        lock.unlock()
        // A stalled tab times out (SO_SNDTIMEO) and is dropped instead of blocking the rest.
        let dead = current.filter { !Self.send($0, bytes) }
        guard !dead.isEmpty else { return }
        lock.lock()
        subscribers.removeAll { dead.contains($0) }
        lock.unlock()
        dead.forEach { close($0) }
    }

    static func setTimeout(_ fd: Int32, _ option: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The `Host` values the preview answers: a page of another site that a DNS name points
    /// at 127.0.0.1 (DNS rebinding) is refused, so it cannot read the preview.
    func allowsHost(_ host: String?) -> Bool {
        guard let host = host?.lowercased() else { return false }
        return ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"].contains(host)
    }

    static func header(_ name: String, in request: [UInt8]) -> String? {
        let text = String(decoding: request, as: UTF8.self)
        for line in text.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].lowercased() == name { return line[line.index(after: colon)...].trimmingSpaces }
        }
        return nil
    }

    private func handle(_ client: Int32) {
        // An idle or stalled client must not hold a thread for long.
        Self.setTimeout(client, SO_RCVTIMEO, seconds: Self.requestHeadSeconds)
        Self.setTimeout(client, SO_SNDTIMEO, seconds: 5)
        var request: [UInt8] = []
        let deadline = Date().addingTimeInterval(TimeInterval(Self.requestHeadSeconds))
        while !request.containsHeaderEnd, request.count < 65_536 {
            // A client that trickles a byte at a time is cut off at the deadline too.
            guard let chunk = FileDescriptorIO.receive(client, limit: 4096), Date() <= deadline else { close(client); return }
            request += chunk
        }
        let firstLine = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = firstLine.split(separator: " ")
        guard allowsHost(Self.header("host", in: request)) else {
            let body = Wording("this preview answers only http://127.0.0.1:\(port)/ and http://localhost:\(port)/",
                               zh: "这个预览只回应 http://127.0.0.1:\(port)/ 和 http://localhost:\(port)/ 的请求")
                .text(in: PreviewReload.language) + "\n"
            _ = Self.send(client, Array(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body).utf8))
            close(client)
            return
        }
        guard parts.count >= 2, parts[0] == "GET" || parts[0] == "HEAD" else {
            _ = Self.send(client, Array("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
            close(client)
            return
        }
        let target = String(parts[1])
        if target.hasPrefix(PreviewReload.eventsPath) {
            let header = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n"
            guard Self.send(client, Array((header + ": connected\n\n").utf8)) else { close(client); return }
            // Open pages are few; past the limit the oldest stream is closed, so event streams
            // cannot use up the descriptors pages need.
            var dropped: Int32?
            lock.withLock {
                subscribers.append(client)
                if subscribers.count > Self.maximumEventStreams { dropped = subscribers.removeFirst() }
            }
            if let dropped { _ = sending.withLock { close(dropped) } }
            if site.hasErrors { notify(problems: site.diagnostics) }
            return
        }
        let response = site.response(for: target)
        let reason = response.status == 200 ? "OK" : response.status == 404 ? "Not Found" : "Service Unavailable"
        let header = "HTTP/1.1 \(response.status) \(reason)\r\nContent-Type: \(response.contentType)\r\n"
            + "Content-Length: \(response.body.count)\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
        if Self.send(client, Array(header.utf8)), parts[0] == "GET" { _ = Self.send(client, response.body) }
        close(client)
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        FileDescriptorIO.writeAll(fd, bytes, socketFlags: Int32(MSG_NOSIGNAL)) == nil
    }
}

private extension Array where Element == UInt8 {
    var containsHeaderEnd: Bool {
        guard count >= 4 else { return false }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 {
            return true
        }
        return false
    }
}
