#if canImport(Glibc)
import AnjuKernels
import Glibc
#endif

/// What one build left in a site folder: each file's inode, size, modification time and
/// content digest, and each folder's inode and modification time. Kept beside the output
/// (`public/.<site>.manifest-<inode>`, named by the folder's inode, which follows it from
/// staging to live to spare), so the build that reuses the folder checks a file with one
/// `stat` instead of opening and reading it, and lists a folder that has not changed since
/// without reading it: four system calls per file and per folder were a tenth of a
/// rebuild on this VM.
///
/// It also records what the folder's search index was built from, so that a build from the
/// same inputs keeps it instead of building it again.
///
/// It is only ever a shortcut: a file or folder whose `stat` differs from its entry (edited,
/// replaced, added to by hand) is read as if there were no manifest, and a manifest that
/// cannot be read is ignored.
struct SiteManifest: Equatable {
    struct File: Equatable {
        var inode: UInt64
        var size: UInt64
        var modified: Int64
        var digest: ContentDigest
    }

    struct Folder: Equatable {
        var inode: UInt64
        var modified: Int64
    }

    /// The search index the folder holds: a digest of what it was built from, its files, and
    /// what the search page names of it, so that a build from the same inputs keeps it.
    struct BuiltIndex: Equatable {
        var inputs: ContentDigest
        var paths: [String]
        var pageLinks: [String]
    }

    var files: [String: File] = [:]
    var folders: [String: Folder] = [:]
    var index: BuiltIndex?

    static func path(outputDirectory: String, siteID: String, inode: UInt64) -> String {
        joinPath(outputDirectory, ".\(siteID).manifest-\(inode)")
    }

    static func prefix(siteID: String) -> String { ".\(siteID).manifest-" }

    /// Names of the entries directly in each folder ("" is the root), with whether each is
    /// a folder: what reading the folder would list, were it unchanged. Every folder on the
    /// way to a file is listed in its parent, recorded or not.
    func listings() -> [String: [(name: String, isFolder: Bool)]] {
        var listings: [String: [(name: String, isFolder: Bool)]] = [:]
        var seenFolders: Set<String> = []
        func add(_ path: String, isFolder: Bool) {
            guard !path.isEmpty, !isFolder || seenFolders.insert(path).inserted else { return }
            let parent = SiteWriter.parent(of: path)
            let name = parent.isEmpty ? path : String(path.utf8.dropFirst(parent.utf8.count + 1))!
            listings[parent, default: []].append((name, isFolder))
            add(parent, isFolder: true)
        }
        for path in files.keys { add(path, isFolder: false) }
        for path in folders.keys { add(path, isFolder: true) }
        return listings
    }

    // MARK: - Encoding: "anju-manifest 2\n", then records of little-endian integers and
    // length-prefixed paths (any bytes a file name may hold); the index's record first, so
    // that `index(in:)` reads no further.

    private static let magic = Array("anju-manifest 2\n".utf8)

    func encoded() -> [UInt8] {
        var out = Self.magic
        func put(_ value: UInt64) { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))) } }
        func put(_ path: String) {
            put(UInt64(path.utf8.count))
            out.append(contentsOf: path.utf8)
        }
        if let index {
            out.append(0x69) // i
            put(index.inputs.high); put(index.inputs.low)
            put(UInt64(index.paths.count))
            index.paths.forEach(put)
            put(UInt64(index.pageLinks.count))
            index.pageLinks.forEach(put)
        }
        // In the dictionaries' order: nothing depends on it, and sorting 11,000 paths showed.
        for (path, file) in files {
            out.append(0x66) // f
            put(file.inode); put(file.size); put(UInt64(bitPattern: file.modified))
            put(file.digest.high); put(file.digest.low)
            put(path)
        }
        for (path, folder) in folders {
            out.append(0x64) // d
            put(folder.inode); put(UInt64(bitPattern: folder.modified))
            put(path)
        }
        return out
    }

    /// nil for anything that is not a whole manifest.
    static func decode(_ bytes: [UInt8]) -> SiteManifest? {
        decode(bytes, indexOnly: false)
    }

    /// The index's record alone, read without the files' records; nil when there is none.
    static func index(in bytes: [UInt8]) -> BuiltIndex? {
        decode(bytes, indexOnly: true)?.index
    }

    private static func decode(_ bytes: [UInt8], indexOnly: Bool) -> SiteManifest? {
        guard bytes.starts(with: magic) else { return nil }
        var manifest = SiteManifest()
        var i = magic.count
        func take() -> UInt64? {
            guard i + 8 <= bytes.count else { return nil }
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(bytes[i + k]) << UInt64(8 * k) }
            i += 8
            return value
        }
        func takePath() -> String? {
            guard let count = take(), count <= UInt64(bytes.count - i) else { return nil }
            defer { i += Int(count) }
            return String(decoding: bytes[i..<(i + Int(count))], as: UTF8.self)
        }
        func takeList() -> [String]? {
            // Each item takes at least its 8-byte length: a count beyond that is damage.
            guard let count = take(), count <= UInt64(bytes.count - i) / 8 else { return nil }
            var list: [String] = []
            for _ in 0..<count {
                guard let item = takePath() else { return nil }
                list.append(item)
            }
            return list
        }
        while i < bytes.count {
            let kind = bytes[i]
            i += 1
            if kind == 0x69, i == magic.count + 1 {
                guard let high = take(), let low = take(), let paths = takeList(), let pageLinks = takeList() else { return nil }
                manifest.index = BuiltIndex(inputs: ContentDigest(high: high, low: low), paths: paths, pageLinks: pageLinks)
                if indexOnly { return manifest }
            } else if indexOnly {
                return manifest
            } else if kind == 0x66 {
                guard let inode = take(), let size = take(), let modified = take(), let high = take(), let low = take(),
                      let path = takePath() else { return nil }
                manifest.files[path] = File(inode: inode, size: size, modified: Int64(bitPattern: modified),
                                            digest: ContentDigest(high: high, low: low))
            } else if kind == 0x64 {
                guard let inode = take(), let modified = take(), let path = takePath() else { return nil }
                manifest.folders[path] = Folder(inode: inode, modified: Int64(bitPattern: modified))
            } else {
                return nil
            }
        }
        return manifest
    }
}

/// 128 bits of a file's content: two independent multiply-xorshift lanes over 8-byte words.
/// What `stat` says of a path, without following a symbolic link; nil when there is nothing.
struct PathStatus {
    var inode: UInt64
    var size: UInt64
    var modified: Int64
    var isFile: Bool
    var isFolder: Bool

    init(_ info: stat) {
        inode = UInt64(info.st_ino)
        size = UInt64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        isFile = info.st_mode & S_IFMT == S_IFREG
        isFolder = info.st_mode & S_IFMT == S_IFDIR
    }

    init?(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    func matches(_ file: SiteManifest.File) -> Bool {
        isFile && inode == file.inode && size == file.size && modified == file.modified
    }

    func matches(_ folder: SiteManifest.Folder) -> Bool {
        isFolder && inode == folder.inode && modified == folder.modified
    }
}
