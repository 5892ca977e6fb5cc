import Foundation

/// The reads the pipeline makes, behind a small type so tests can build a whole site from
/// a dictionary of files without touching the disk.
public protocol FileSystem: Sendable {
    /// Entries of a directory, sorted by name; nil when it does not exist.
    func entries(of directory: String) -> [DirectoryEntry]?
    func read(_ path: String) throws -> [UInt8]
    func isDirectory(_ path: String) -> Bool
    func isFile(_ path: String) -> Bool
    func size(of path: String) -> Int?
}

public struct DirectoryEntry: Hashable, Sendable {
    public var name: String
    public var isDirectory: Bool
    public init(name: String, isDirectory: Bool) {
        self.name = name
        self.isDirectory = isDirectory
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

/// The real disk.
public struct DiskFileSystem: FileSystem {
    public init() {}

    public func entries(of directory: String) -> [DirectoryEntry]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.sorted().map { DirectoryEntry(name: $0, isDirectory: isDirectory(joinPath(directory, $0))) }
    }

    public func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileReadError(path: path, reason: "cannot be read")
        }
        return [UInt8](data)
    }

    public func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    public func isFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    public func size(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
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
                found[String(rest), default: false] = found[String(rest)] ?? false
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
