import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where processed photos are kept between builds, named by the source's content and the
/// settings that made them: an unchanged photo is read back, never processed again.
public protocol PhotoStore: Sendable {
    func read(_ key: String) -> [UInt8]?
    func contains(_ key: String) -> Bool
    func write(_ key: String, _ bytes: [UInt8])
}

/// Photos kept in memory for one process: tests, and `build` when no folder can be used.
public final class MemoryPhotoStore: PhotoStore, @unchecked Sendable {
    private var entries: [String: [UInt8]] = [:]
    private let lock = NSLock()
    /// How many entries were written: a rebuild with unchanged photos writes none.
    public private(set) var writes = 0

    public init() {}

    public func read(_ key: String) -> [UInt8]? { lock.withLock { entries[key] } }
    public func contains(_ key: String) -> Bool { lock.withLock { entries[key] != nil } }
    public func write(_ key: String, _ bytes: [UInt8]) {
        lock.withLock {
            entries[key] = bytes
            writes += 1
        }
    }
}

/// Photos kept in a folder (`.anju-cache/photos` beside the content folder by default), which
/// CI keeps between runs. Entries are written whole under a temporary name and renamed, so
/// two builds sharing the folder never read half a file; a folder that cannot be written
/// only costs the next build the work again.
public struct DiskPhotoStore: PhotoStore {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
        var path = ""
        for part in folder.split(separator: "/", omittingEmptySubsequences: false) {
            path += (path.isEmpty && !folder.hasPrefix("/") ? "" : "/") + part
            if !part.isEmpty { mkdir(path, 0o755) }
        }
    }

    /// Keys are made by `PhotoPublisher` from hex digits, widths and extensions only.
    private func path(_ key: String) -> String { folder + "/" + key }

    public func read(_ key: String) -> [UInt8]? {
        let fd = open(path(key), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }

    public func contains(_ key: String) -> Bool {
        var info = stat()
        return lstat(path(key), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    public func write(_ key: String, _ bytes: [UInt8]) {
        var template = Array((folder + "/.\(key).XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var done = 0
        var failed = false
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { failed = true; break }
            done += n
        }
        fchmod(fd, 0o644)
        close(fd)
        if failed || rename(temporary, path(key)) != 0 { unlink(temporary) }
    }
}
