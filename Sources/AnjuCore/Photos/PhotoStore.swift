import Foundation
#if canImport(Glibc)
import AnjuKernels
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
        guard case .success(let bytes) = FileDescriptorIO.read(fd, upTo: size), bytes.count == size else { return nil }
        return bytes
    }

    public func contains(_ key: String) -> Bool {
        var info = stat()
        return lstat(path(key), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    public func write(_ key: String, _ bytes: [UInt8]) {
        guard let (fd, temporary) = FileDescriptorIO.makeTemporaryFile(folder + "/.\(key).XXXXXX") else { return }
        let failed = FileDescriptorIO.writeAll(fd, bytes) != nil
        fchmod(fd, 0o644)
        close(fd)
        if failed || rename(temporary, path(key)) != 0 { unlink(temporary) }
    }
}
