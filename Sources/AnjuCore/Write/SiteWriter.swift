import CAnjuSystem
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Write stage: puts a rendered site on disk without ever leaving a half-written one.
///
/// Files go to a staging folder beside `public/<site>`; only when every file is written is
/// the staging folder swapped in (one atomic `renameat2(RENAME_EXCHANGE)` on Linux). The old
/// site is kept as `public/.<site>.spare`, which the next build brings up to date as its
/// staging folder, rewriting only changed files. A failure at any point removes the staging
/// folder and leaves `public/<site>` as it was.
public struct SiteWriter: Sendable {
    public var outputDirectory: String
    public var fileSystem: any FileSystem

    public init(outputDirectory: String, fileSystem: any FileSystem) {
        self.outputDirectory = outputDirectory
        self.fileSystem = fileSystem
    }

    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    /// A site written in full to its staging folder, not yet visible.
    public struct StagedSite: Sendable {
        public var siteID: String
        public var stagingPath: String
        public var finalPath: String
    }

    /// Where the build before the current one is kept: the next build brings it up to date
    /// instead of writing ten thousand files and deleting as many.
    func sparePath(_ siteID: String) -> String { joinPath(outputDirectory, ".\(siteID).spare") }

    /// A staging folder being filled: made ready for a known set of paths, then written to
    /// from any number of threads (each path once) while pages are still being rendered, so
    /// a site's pages never all sit in memory.
    public final class StagingFolder: @unchecked Sendable {
        public let siteID: String
        public let path: String
        let finalPath: String
        /// The published site, whose identical files are hard-linked rather than written.
        let previous: String?

        init(siteID: String, path: String, finalPath: String, previous: String?) {
            self.siteID = siteID
            self.path = path
            self.finalPath = finalPath
            self.previous = previous
        }

        /// Writes one file; safe to call from several threads for different paths.
        public func write(_ relative: String, _ bytes: [UInt8]) throws {
            try SiteWriter.writeOrLink(path, relative, bytes, previous: previous)
        }

        public var staged: StagedSite { StagedSite(siteID: siteID, stagingPath: path, finalPath: finalPath) }

        /// Makes the folders of paths learnt after `begin` (the search index's).
        public func add(paths: [String]) throws {
            for folder in SiteWriter.folders(of: paths).sorted(by: { $0.count < $1.count }) where !folder.isEmpty {
                guard mkdir(path + "/" + folder, 0o755) == 0 || errno == EEXIST else {
                    throw WriteError(path: path + "/" + folder, reason: String(cString: strerror(errno)))
                }
            }
        }

        /// Removes what the reused copy has under a folder `begin` deferred, now that the
        /// paths under it are known.
        public func removeStale(under folder: String, keeping paths: [String]) {
            var info = stat()
            guard lstat(path + "/" + folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
            SiteWriter.removeStale(path, relative: folder, keepFiles: Set(paths), keepFolders: SiteWriter.folders(of: paths))
        }
    }

    /// Every folder the paths need, with their parents; "" is the site's root.
    static func folders(of paths: [String]) -> Set<String> {
        var folders: Set<String> = [""]
        for path in paths {
            // Parents by the last `/` in the bytes; splitting and joining Characters for
            // thirty thousand paths was measurable.
            var rest = Substring(path)
            while let slash = rest.utf8.lastIndex(of: 0x2F) {
                rest = rest[..<slash]
                if rest.isEmpty || !folders.insert(String(rest)).inserted { break }
            }
        }
        return folders
    }

    /// Prepares `public/.<site>.staging-<pid>` for exactly `paths` (relative to the site):
    /// the spare copy of the build before last is reused when there is one, with what the
    /// new build lacks deleted, and every folder made. A `deferred` folder's content is
    /// left for `StagingFolder.removeStale(under:keeping:)`, when its paths are known.
    public func begin(siteID: String, paths: [String], deferring deferred: String? = nil) throws -> StagingFolder {
        let fm = FileManager.default
        let finalPath = joinPath(outputDirectory, siteID)
        let staging = joinPath(outputDirectory, ".\(siteID).staging-\(getpid())")
        do {
            try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            if fm.fileExists(atPath: staging) { Self.removeTree(staging) }
            // Staging folders of builds that crashed (their process is gone) are removed.
            for entry in DiskFileSystem().entries(of: outputDirectory) ?? [] where entry.name.hasPrefix(".\(siteID).staging-") {
                if let pid = Int32(entry.name.dropFirst(".\(siteID).staging-".count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                    Self.removeTree(joinPath(outputDirectory, entry.name))
                }
            }
            // Reuse the spare copy when there is one; it is brought to exactly the new files.
            let reusing = rename(sparePath(siteID), staging) == 0
            let folders = Self.folders(of: paths)
            var existing: Set<String> = []
            if reusing {
                existing = Self.removeStale(staging, relative: "", keepFiles: Set(paths), keepFolders: folders, deferred: deferred)
            }
            // Every missing folder first, parents before children; then files from any thread.
            for folder in folders.subtracting(existing).sorted(by: { $0.count < $1.count }) {
                let path = folder.isEmpty ? staging : staging + "/" + folder
                guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                    throw WriteError(path: path, reason: String(cString: strerror(errno)))
                }
            }
        } catch {
            Self.removeTree(staging)
            if let e = error as? WriteError { throw e }
            throw WriteError(path: staging, reason: "\(error)")
        }
        // A file identical to the one already there (in the reused copy, or published) is
        // kept or hard-linked, not written: removing an old site then frees almost no blocks
        // (slow on disks mounted with `discard`), and unchanged files keep their times for
        // rsync-style deploys.
        return StagingFolder(siteID: siteID, path: staging, finalPath: finalPath,
                             previous: fm.fileExists(atPath: finalPath) ? finalPath : nil)
    }

    /// Copies the site's static files (attachments, images) into the staging folder.
    func writeStatic(_ staticFiles: [StaticFile], to folder: StagingFolder) throws {
        let failures = FirstFailure()
        Parallel.forEach(staticFiles.count) { i in
            let file = staticFiles[i]
            failures.run(path: file.sourcePath) { try folder.write(file.outputPath, try fileSystem.read(file.sourcePath)) }
        }
        try failures.check()
    }

    /// Writes files already in memory into a staging folder, on every core.
    func stage(_ files: [OutputFile], to folder: StagingFolder) throws {
        let failures = FirstFailure()
        Parallel.forEach(files.count) { i in failures.run(path: files[i].path) { try folder.write(files[i].path, files[i].bytes) } }
        try failures.check()
    }

    /// Stages files already in memory.
    public func stage(siteID: String, files: [OutputFile], staticFiles: [StaticFile]) throws -> StagedSite {
        let folder = try begin(siteID: siteID, paths: files.map(\.path) + staticFiles.map(\.outputPath))
        do {
            try stage(files, to: folder)
            try writeStatic(staticFiles, to: folder)
        } catch {
            Self.removeTree(folder.path)
            throw error
        }
        return folder.staged
    }

    /// The first error of work spread over several threads, as a `WriteError`.
    final class FirstFailure: @unchecked Sendable {
        private var failure: WriteError?
        private let lock = NSLock()

        func run(path: String, _ body: () throws -> Void) {
            do { try body() } catch {
                let failure = error as? WriteError ?? WriteError(path: path, reason: "\(error)")
                lock.withLock { if self.failure == nil { self.failure = failure } }
            }
        }

        func check() throws {
            if let failure = lock.withLock({ failure }) { throw failure }
        }
    }

    /// Deletes what the new build does not have from a reused copy.
    /// Returns the folders that were kept, which therefore exist.
    @discardableResult
    static func removeStale(_ root: String, relative: String, keepFiles: Set<String>, keepFolders: Set<String>,
                            deferred: String? = nil) -> Set<String> {
        var kept: Set<String> = [relative]
        removeStale(root, relative: relative, keepFiles: keepFiles, keepFolders: keepFolders, deferred: deferred, kept: &kept)
        return kept
    }

    /// The walk reads each entry's type from the directory itself (d_type) and stats only
    /// what that does not settle: on the 50,000-page corpus the reused copy's inodes are
    /// no longer cached, and a stat of every entry made this walk seconds long.
    private static func removeStale(_ root: String, relative: String, keepFiles: Set<String>, keepFolders: Set<String>,
                                    deferred: String?, kept: inout Set<String>) {
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard let dir = opendir(folder) else { return }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { entries.append((name, entry.pointee.d_type)) }
        }
        closedir(dir)
        for (name, type) in entries {
            let path = relative.isEmpty ? name : relative + "/" + name
            var isDirectory = type == UInt8(DT_DIR), isFile = type == UInt8(DT_REG)
            if !isDirectory && !isFile && type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { continue }
                isDirectory = info.st_mode & S_IFMT == S_IFDIR
                isFile = info.st_mode & S_IFMT == S_IFREG
            }
            if isDirectory {
                if path == deferred {
                    continue
                } else if keepFolders.contains(path) {
                    kept.insert(path)
                    removeStale(root, relative: path, keepFiles: keepFiles, keepFolders: keepFolders, deferred: deferred,
                                kept: &kept)
                } else {
                    removeTree(root + "/" + path)
                }
            } else if !keepFiles.contains(path) || !isFile {
                unlink(root + "/" + path)
            }
        }
    }

    static func writeOrLink(_ staging: String, _ relative: String, _ bytes: [UInt8], previous: String?) throws {
        let path = staging + "/" + relative
        enum Found { case same, different, missing }
        /// Whether `candidate` is a regular file holding exactly `bytes`, something else, or
        /// nothing: one open, one fstat, one read (a symbolic link is not followed).
        func compare(_ candidate: String) -> Found {
            let fd = open(candidate, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return errno == ENOENT ? .missing : .different }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == bytes.count else {
                return .different
            }
            // One byte more than expected, to see a file that grew since the fstat; compared
            // with memcmp (Array's == goes element by element).
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
            guard done == bytes.count else { return .different }
            let equal = bytes.isEmpty || bytes.withUnsafeBytes { memcmp(buffer, $0.baseAddress!, bytes.count) == 0 }
            return equal ? .same : .different
        }
        let found = compare(path)
        if found == .same { return }
        // The published copy, when identical, is hard-linked rather than written.
        let published = previous.map { $0 + "/" + relative }.flatMap { compare($0) == .same ? $0 : nil }
        if found == .missing {
            // A new file (a clean build, a new page): linked or written where it goes, created
            // exclusively, so it cannot be a link to anything; a temporary name and a rename
            // per file were a fifth of a clean build's system time.
            if let published, link(published, path) == 0 { return }
            if try writeFile(path, bytes, exclusive: true) { return }
        }
        // Never write into an existing file: it may be a hard link shared with the live site.
        let temporary = path + ".anju-new"
        unlink(temporary)
        if let published, link(published, temporary) == 0 {
            // linked
        } else {
            try writeFile(temporary, bytes)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
    }

    /// Writes `bytes` to a new file at `path`. With `exclusive`, a file already there is left
    /// alone and the result is false.
    @discardableResult
    static func writeFile(_ path: String, _ bytes: [UInt8], exclusive: Bool = false) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0o644)
        if fd < 0, exclusive, errno == EEXIST { return false }
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
            done += n
        }
        return true
    }

    /// Swaps the staged site in; the old one becomes the spare copy the next build reuses.
    public func commit(_ site: StagedSite) throws {
        let fm = FileManager.default
        let spare = sparePath(site.siteID)
        if fm.fileExists(atPath: site.finalPath) {
            if Self.exchange(site.stagingPath, site.finalPath) {
                // The staging path now holds the old site.
                if rename(site.stagingPath, spare) != 0 { Self.removeTree(site.stagingPath) }
                return
            }
            // No atomic exchange (not Linux, or a file system without it): two renames.
            let old = site.finalPath + ".old-\(getpid())"
            do {
                try fm.moveItem(atPath: site.finalPath, toPath: old)
                try fm.moveItem(atPath: site.stagingPath, toPath: site.finalPath)
            } catch {
                if !fm.fileExists(atPath: site.finalPath) { try? fm.moveItem(atPath: old, toPath: site.finalPath) }
                Self.removeTree(site.stagingPath)
                throw WriteError(path: site.finalPath, reason: "\(error)")
            }
            if rename(old, spare) != 0 { Self.removeTree(old) }
        } else {
            do { try fm.moveItem(atPath: site.stagingPath, toPath: site.finalPath) } catch {
                Self.removeTree(site.stagingPath)
                throw WriteError(path: site.finalPath, reason: "\(error)")
            }
        }
    }

    /// Deletes a folder and everything in it with plain unlink/rmdir: FileManager took
    /// seconds for a site of thirty thousand files.
    static func removeTree(_ path: String) {
        guard let dir = opendir(path) else { unlink(path); return }
        var children: [(String, Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            children.append((path + "/" + name, entry.pointee.d_type == UInt8(DT_DIR)))
        }
        closedir(dir)
        for (child, isDirectory) in children {
            if isDirectory { removeTree(child) } else if unlink(child) != 0 && errno == EISDIR { removeTree(child) }
        }
        rmdir(path)
    }

    public func discard(_ site: StagedSite) {
        Self.removeTree(site.stagingPath)
    }

    static func exchange(_ a: String, _ b: String) -> Bool {
        anju_exchange_paths(a, b) == 0
    }
}
