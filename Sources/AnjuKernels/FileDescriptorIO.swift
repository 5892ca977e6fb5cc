import CAnjuSystem
#if canImport(Glibc)
import Glibc
#endif

/// The byte loops of POSIX I/O behind value types: reads and writes that go on after a
/// signal (`EINTR`) and a short count, directory entry names, and the names `mkstemp` and
/// `mkdtemp` choose. Opening, and which flags keep a build inside its folders, stay with
/// the callers.
public enum FileDescriptorIO {
    /// Up to `count` bytes from `fd` (fewer at the end of the file), or the `errno` of a failed read.
    public static func read(_ fd: Int32, upTo count: Int) -> Result<[UInt8], Errno> {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, count - done) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failure(Errno(errno)) }
            if n == 0 { break }
            done += n
        }
        bytes.removeLast(count - done)
        return .success(bytes)
    }

    /// Whether what is left to read of `fd` is exactly `bytes`: one byte more is read, to see a
    /// file that grew since it was measured; compared with memcmp (Array's == goes element by
    /// element).
    public static func holdsExactly(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        let capacity = bytes.count + 1
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var done = 0
        while done < capacity {
            let n = Glibc.read(fd, buffer + done, capacity - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        guard done == bytes.count else { return false }
        return bytes.isEmpty || bytes.withUnsafeBytes { memcmp(buffer, $0.baseAddress!, bytes.count) == 0 }
    }

    /// Writes every byte to `fd` (a file or a socket, `flags` for `send`), or says why not.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], socketFlags flags: Int32? = nil) -> Errno? {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                flags.map { Glibc.send(fd, raw.baseAddress! + done, raw.count - done, $0) }
                    ?? Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return Errno(n < 0 ? errno : EIO) }
            done += n
        }
        return nil
    }

    /// Writes `bytes` at `offset` without moving the file position; the bytes written.
    @discardableResult
    public static func write(_ fd: Int32, _ bytes: [UInt8], at offset: Int) -> Int {
        bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
    }

    /// What one `recv` gives, up to `limit` bytes: nil when the peer is gone or the call failed.
    public static func receive(_ socket: Int32, limit: Int) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: limit)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        chunk.removeLast(limit - n)
        return chunk
    }

    /// Binds `socket` to 127.0.0.1:`port` (0: any free port) and listens; the port it got, or
    /// nil with `errno` set.
    public static func listenOnLoopback(_ socket: Int32, port: Int, backlog: Int32) -> Int? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, backlog) == 0 else { return nil }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: actual.sin_port))
    }

    /// A new file from `mkstemp` (`template` ends in XXXXXX) and the name it was given.
    public static func makeTemporaryFile(_ template: String) -> (fd: Int32, path: String)? {
        var name = Array(template.utf8CString)
        let fd = name.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        return fd >= 0 ? (fd, string(name)) : nil
    }

    /// A new folder from `mkdtemp` (`template` ends in XXXXXX), or nil with `errno` set.
    public static func makeTemporaryFolder(_ template: String) -> String? {
        var name = Array(template.utf8CString)
        guard name.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else { return nil }
        return string(name)
    }

    /// Swaps two paths in one step (renameat2 with RENAME_EXCHANGE): false where the system
    /// cannot, with `errno` set.
    public static func exchange(_ a: String, _ b: String) -> Bool {
        anju_exchange_paths(a, b) == 0
    }

    /// The names in an open directory stream but `.` and `..`, with their `d_type`.
    public static func entries(of dir: OpaquePointer) -> [(name: String, type: UInt8)] {
        var result: [(name: String, type: UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { result.append((name, entry.pointee.d_type)) }
        }
        return result
    }

    private static func string(_ cString: [CChar]) -> String {
        String(decoding: cString.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A failed call's `errno`, with its message.
public struct Errno: Error, Equatable, CustomStringConvertible {
    public let code: Int32
    public init(_ code: Int32) { self.code = code }
    public var description: String { String(cString: strerror(code)) }
}
