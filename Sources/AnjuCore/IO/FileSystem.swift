import Foundation
#if canImport(Glibc)
import AnjuKernels
import Glibc
#endif

/// The reads the pipeline makes, behind a small type so tests can build a whole site from
/// a dictionary of files without touching the disk.
public protocol FileSystem: Sendable {
    /// Entries of a directory, sorted by name; nil when it does not exist.
    func entries(of directory: String) -> [DirectoryEntry]?
    func read(_ path: String) throws -> [UInt8]
    func isDirectory(_ path: String) -> Bool
    func isFile(_ path: String) -> Bool
    func size(of path: String) -> Int?
    /// The path with every symlink resolved (`realpath`), nil when it leads nowhere.
    func resolvedPath(_ path: String) -> String?
}

extension FileSystem {
    public func resolvedPath(_ path: String) -> String? { path }
}

public struct DirectoryEntry: Hashable, Sendable {
    /// What the entry itself is: a symlink is reported as one, not as what it points at.
    public enum Kind: Sendable, Hashable {
        case file, directory, symlink
        /// A FIFO, socket or device: reading one can block forever.
        case special
    }

    public var name: String
    /// Whether it is a directory, following a symlink.
    public var isDirectory: Bool
    public var kind: Kind

    public init(name: String, isDirectory: Bool, kind: Kind? = nil) {
        self.name = name
        self.isDirectory = isDirectory
        self.kind = kind ?? (isDirectory ? .directory : .file)
    }
}

public struct FileReadError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Paths joined with `/`, whatever the input looked like.
public func joinPath(_ parts: String...) -> String {
    joinPath(parts)
}

public func joinPath(_ parts: [String]) -> String {
    var result = ""
    for part in parts where !part.isEmpty {
        if result.isEmpty { result = part; continue }
        result = (result.hasSuffix("/") ? String(result.dropLast()) : result) + "/" +
            (part.hasPrefix("/") ? String(part.dropFirst()) : part)
    }
    return result
}

/// The real disk, through POSIX calls: Foundation's FileManager stats and copies more than
/// a build of ten thousand small files can afford.
public struct DiskFileSystem: FileSystem {
    public init() {}

    public func entries(of directory: String) -> [DirectoryEntry]? {
        guard let dir = opendir(directory) else { return nil }
        defer { closedir(dir) }
        var result: [DirectoryEntry] = []
        for (name, listedType) in FileDescriptorIO.entries(of: dir) {
            var type = listedType
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                if lstat(joinPath(directory, name), &info) == 0 {
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: type = UInt8(DT_DIR)
                    case S_IFREG: type = UInt8(DT_REG)
                    case S_IFLNK: type = UInt8(DT_LNK)
                    default: type = UInt8(DT_FIFO)
                    }
                }
            }
            let kind: DirectoryEntry.Kind
            switch type {
            case UInt8(DT_DIR): kind = .directory
            case UInt8(DT_REG): kind = .file
            case UInt8(DT_LNK): kind = .symlink
            default: kind = .special
            }
            let isDir = kind == .directory || kind == .symlink && isDirectory(joinPath(directory, name))
            result.append(DirectoryEntry(name: name, isDirectory: isDir, kind: kind))
        }
        return result.sorted { $0.name < $1.name }
    }

    public func read(_ path: String) throws -> [UInt8] {
        // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileReadError(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw FileReadError(path: path, reason: "not a regular file") }
        switch FileDescriptorIO.read(fd, upTo: Int(info.st_size)) {
        case .success(let bytes): return bytes
        case .failure(let error): throw FileReadError(path: path, reason: error.description)
        }
    }

    private func status(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    public func isDirectory(_ path: String) -> Bool {
        guard let info = status(path) else { return false }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    public func isFile(_ path: String) -> Bool {
        guard let info = status(path) else { return false }
        return info.st_mode & S_IFMT == S_IFREG
    }

    public func size(of path: String) -> Int? {
        status(path).map { Int($0.st_size) }
    }

    public func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Files held in memory, keyed by path (`content/wenbi/site.yml`); directories are implied.
public struct MemoryFileSystem: FileSystem {
    public var files: [String: [UInt8]]

    public init(_ files: [String: String] = [:]) {
        self.files = files.mapValues { Array($0.utf8) }
    }

    public init(bytes: [String: [UInt8]]) {
        self.files = bytes
    }

    public func entries(of directory: String) -> [DirectoryEntry]? {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var found: [String: Bool] = [:]
        for path in files.keys where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                found[String(rest[..<slash])] = true
            } else {
                if found[String(rest)] == nil { found[String(rest)] = false }
            }
        }
        if found.isEmpty { return nil }
        return found.keys.sorted().map { DirectoryEntry(name: $0, isDirectory: found[$0]!) }
    }

    public func read(_ path: String) throws -> [UInt8] {
        guard let bytes = files[path] else { throw FileReadError(path: path, reason: "does not exist") }
        return bytes
    }

    public func isDirectory(_ path: String) -> Bool {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return files.keys.contains { $0.hasPrefix(prefix) }
    }

    public func isFile(_ path: String) -> Bool { files[path] != nil }

    public func size(of path: String) -> Int? { files[path]?.count }
}

/// The disk, remembering what it read: a file whose size, inode and modification time are
/// unchanged is not read again. The preview server re-walks ten thousand files per edit.
public final class CachingDiskFileSystem: FileSystem, @unchecked Sendable {
    private let disk = DiskFileSystem()
    private var cache: [String: (stamp: [Int], bytes: [UInt8])] = [:]
    private let lock = NSLock()

    public init() {}

    public func entries(of directory: String) -> [DirectoryEntry]? { disk.entries(of: directory) }
    public func isDirectory(_ path: String) -> Bool { disk.isDirectory(path) }
    public func isFile(_ path: String) -> Bool { disk.isFile(path) }
    public func size(of path: String) -> Int? { disk.size(of: path) }
    public func resolvedPath(_ path: String) -> String? { disk.resolvedPath(path) }

    public func read(_ path: String) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { return try disk.read(path) }
        let stamp = [Int(info.st_size), Int(info.st_ino), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
        lock.lock()
        if let cached = cache[path], cached.stamp == stamp { lock.unlock(); return cached.bytes }
        lock.unlock()
        let bytes = try disk.read(path)
        lock.lock()
        cache[path] = (stamp, bytes)
        lock.unlock()
        return bytes
    }
}
