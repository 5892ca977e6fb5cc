#if canImport(Glibc)
import Glibc
#endif

/// The events one `read` of an inotify descriptor gives, as values.
public enum InotifyEvents {
    public struct Event: Equatable, Sendable {
        public var watch: Int32
        public var mask: UInt32
        /// The name inside the watched folder; empty for the folder itself.
        public var name: String
    }

    /// Waits for the next events; nil once the descriptor is closed or fails. `buffer` is
    /// reused from call to call (64 KiB holds hundreds of events).
    public static func next(_ fd: Int32, buffer: inout [UInt8]) -> [Event]? {
        var n = 0
        while true {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { break }
            if n < 0 && errno == EINTR { continue }
            return nil
        }
        var events: [Event] = []
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        buffer.withUnsafeBytes { raw in
            while offset + header <= n {
                let event = raw.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + header
                let nameEnd = min(n, nameStart + Int(event.len))
                let name = String(decoding: raw[nameStart..<nameEnd].prefix { $0 != 0 }, as: UTF8.self)
                events.append(Event(watch: event.wd, mask: event.mask, name: name))
                offset = nameStart + Int(event.len)
            }
        }
        return events
    }
}
