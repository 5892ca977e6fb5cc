import AnjuKernels
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
        /// The reason in Chinese, when it is Anju's own advice rather than the system's words.
        public var chineseReason: String?

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        init(path: String, reason: Wording) {
            self.init(path: path, reason: reason.english)
            chineseReason = reason.chinese
        }

        public var description: String { "\(path): cannot write: \(reason)" }
        public var wording: Wording {
            Wording(description, zh: "\(path) 写不进去：" + (chineseReason ?? "（\(reason)）"))
        }
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
        let outputDirectory: String
        /// The published site, whose identical files are hard-linked rather than written.
        let previous: String?
        /// What the reused copy and the published site held when their builds finished.
        let reused: SiteManifest?
        let published: SiteManifest?
        /// Made empty for this build (no spare copy reused): no file is there before it is written.
        let fresh: Bool
        private var check: FolderCheck
        private var written: [String: SiteManifest.File] = [:]
        private var builtIndex: SiteManifest.BuiltIndex?
        private let lock = NSLock()

        init(siteID: String, path: String, finalPath: String, outputDirectory: String, previous: String?,
             reused: SiteManifest?, published: SiteManifest?, fresh: Bool, check: FolderCheck) {
            self.siteID = siteID
            self.path = path
            self.finalPath = finalPath
            self.outputDirectory = outputDirectory
            self.previous = previous
            self.reused = reused
            self.published = published
            self.fresh = fresh
            self.check = check
        }

        /// Writes one file; safe to call from several threads for different paths.
        public func write(_ relative: String, _ bytes: [UInt8]) throws {
            let (file, changedFolder) = try SiteWriter.writeOrLink(path, relative, bytes, previous: previous,
                                                                   reused: reused, published: published, fresh: fresh)
            lock.withLock {
                written[relative] = file
                if changedFolder { check.changed.insert(SiteWriter.parent(of: relative)) }
            }
        }

        /// Keeps a file named by its content (a search shard) that the reused copy holds, or
        /// links the published site's, without its bytes: the name says what it holds, and
        /// the manifest entry that `stat` matches says the file is the one a build wrote.
        /// False when neither holds it, and the caller writes it.
        public func keepNamedByContent(_ relative: String) -> Bool {
            let target = path + "/" + relative
            if let file = recorded(relative, in: reused, at: path) {
                lock.withLock { written[relative] = file }
                return true
            }
            guard let previous, let file = recorded(relative, in: published, at: previous),
                  PathStatus(target) == nil, link(previous + "/" + relative, target) == 0 else { return false }
            lock.withLock {
                written[relative] = file
                check.changed.insert(SiteWriter.parent(of: relative))
            }
            return true
        }

        /// Keeps the search index the reused copy or the published site holds when it was
        /// built from `inputs` (the digest its manifest recorded) and every one of its files is
        /// as that build wrote it; the published site's are linked in. Returns what that
        /// build recorded, or nil when a file is missing or changed: the caller builds it.
        public func keepIndex(builtFrom inputs: ContentDigest) -> (paths: [String], pageLinks: [String])? {
            if let index = reused?.index, index.inputs == inputs, index.paths.allSatisfy(Self.isIndexPath),
               let files = everyRecorded(index.paths, in: reused, at: path) {
                lock.withLock {
                    for (relative, file) in zip(index.paths, files) { written[relative] = file }
                    builtIndex = index
                }
                return (index.paths, index.pageLinks)
            }
            guard let previous, let index = published?.index, index.inputs == inputs, index.paths.allSatisfy(Self.isIndexPath),
                  let files = everyRecorded(index.paths, in: published, at: previous), (try? add(paths: index.paths)) != nil else { return nil }
            for relative in index.paths {
                let target = path + "/" + relative
                // What the reused copy has there is another build's file, named alike: removed
                // only when it is the file that build recorded, never anything else.
                if PathStatus(target) != nil {
                    guard recorded(relative, in: reused, at: path) != nil, unlink(target) == 0 else { return nil }
                }
                guard link(previous + "/" + relative, target) == 0 else { return nil }
            }
            lock.withLock {
                for (relative, file) in zip(index.paths, files) {
                    written[relative] = file
                    check.changed.insert(SiteWriter.parent(of: relative))
                }
                builtIndex = index
            }
            return (index.paths, index.pageLinks)
        }

        /// A manifest is a file in the output folder, which anyone may have written: a path it
        /// gives is only used when it is a plain path under `search/`.
        static func isIndexPath(_ relative: String) -> Bool {
            relative.hasPrefix("search/")
                && !relative.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." || $0 == ".." }
        }

        /// The path's entry in `manifest`, when `stat` says the file under `root` is still it.
        private func recorded(_ relative: String, in manifest: SiteManifest?, at root: String) -> SiteManifest.File? {
            guard let file = manifest?.files[relative], let status = PathStatus(root + "/" + relative), status.matches(file) else { return nil }
            return file
        }

        /// Each path's entry in `manifest`, or nil when any file under `root` is not it.
        private func everyRecorded(_ paths: [String], in manifest: SiteManifest?, at root: String) -> [SiteManifest.File]? {
            var files: [SiteManifest.File] = []
            files.reserveCapacity(paths.count)
            for relative in paths {
                guard let file = recorded(relative, in: manifest, at: root) else { return nil }
                files.append(file)
            }
            return files
        }

        /// Records that the folder's search index was built from `inputs`, for the next build.
        /// Call once its files are written.
        public func recordIndex(builtFrom inputs: ContentDigest, paths: [String], pageLinks: [String]) {
            lock.withLock { builtIndex = SiteManifest.BuiltIndex(inputs: inputs, paths: paths, pageLinks: pageLinks) }
        }

        public var staged: StagedSite { StagedSite(siteID: siteID, stagingPath: path, finalPath: finalPath) }

        /// Makes the folders of paths learnt after `begin` (the search index's).
        public func add(paths: [String]) throws {
            for folder in SiteWriter.folders(of: paths).sorted(by: { $0.count < $1.count }) where !folder.isEmpty {
                if mkdir(path + "/" + folder, 0o755) == 0 {
                    lock.withLock { _ = check.changed.insert(SiteWriter.parent(of: folder)) }
                } else if errno != EEXIST {
                    throw WriteError(path: path + "/" + folder, reason: String(cString: strerror(errno)))
                }
            }
        }

        /// Removes what the reused copy has under a folder `begin` deferred, now that the
        /// paths under it are known.
        public func removeStale(under folder: String, keeping paths: [String]) {
            guard PathStatus(path + "/" + folder)?.isFolder == true else { return }
            lock.withLock {
                _ = SiteWriter.removeStale(path, relative: folder, keepFiles: Set(paths),
                                           keepFolders: SiteWriter.folders(of: paths), check: &check)
            }
        }

        /// Records what the folder now holds, for the build that will reuse it. Call once
        /// every file is written; a manifest that cannot be written only costs that build time.
        public func finish() {
            lock.lock()
            defer { lock.unlock() }
            var manifest = SiteManifest(files: written, index: builtIndex)
            for folder in SiteWriter.folders(of: Array(written.keys)) {
                if let entry = check.unchanged[folder], !check.changed.contains(folder) {
                    manifest.folders[folder] = entry
                } else if let status = PathStatus(folder.isEmpty ? path : path + "/" + folder), status.isFolder {
                    manifest.folders[folder] = SiteManifest.Folder(inode: status.inode, modified: status.modified)
                }
            }
            guard let root = manifest.folders[""] else { return }
            let target = SiteManifest.path(outputDirectory: outputDirectory, siteID: siteID, inode: root.inode)
            let temporary = target + ".anju-new"
            unlink(temporary)
            if (try? SiteWriter.writeFile(temporary, manifest.encoded(), exclusive: true)) != nil, rename(temporary, target) == 0 { return }
            unlink(temporary)
        }
    }

    /// What the walk of a reused copy learns of its folders: which are as its manifest
    /// recorded them (listed from it, not read), and which this build has changed since.
    struct FolderCheck {
        let recorded: [String: SiteManifest.Folder]
        let listings: [String: [(name: String, isFolder: Bool)]]
        var unchanged: [String: SiteManifest.Folder] = [:]
        var changed: Set<String> = []

        init(manifest: SiteManifest?) {
            recorded = manifest?.folders ?? [:]
            listings = manifest?.listings() ?? [:]
        }

        /// The folder's entries from the manifest, when `stat` says it has not changed since.
        mutating func listing(_ relative: String, at path: String) -> [(name: String, type: UInt8)]? {
            guard let entry = recorded[relative], let status = PathStatus(path), status.matches(entry) else { return nil }
            unchanged[relative] = entry
            return (listings[relative] ?? []).map { ($0.name, $0.isFolder ? UInt8(DT_DIR) : UInt8(DT_REG)) }
        }
    }

    /// "notices/a" for "notices/a/index.html"; "" for a file at the root.
    static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: 0x2F) else { return "" }
        return String(path[..<slash])
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

    /// The file Anju puts at the root of every site folder it makes: a folder without it (and
    /// without a manifest from before markers existed) is someone else's and is never moved,
    /// emptied or deleted. A build holds a lock on its staging folder's marker while it runs.
    public static let markerName = ".anju-site"

    /// Why Anju will not touch `path`, or nil when it is absent or Anju made it.
    func foreignReason(_ path: String, siteID: String) -> Wording? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if info.st_mode & S_IFMT == S_IFLNK {
            return Wording("it is a symbolic link; Anju swaps a site folder in whole and never writes through a link. "
                + "Point the web server at this folder itself, or build with --output into the folder the link leads to",
                zh: "它是一个符号链接；Anju 每次整个换掉站点文件夹，从不通过链接写入。"
                + "请让网站服务器直接指向这个文件夹，或者用 --output 构建到链接指向的文件夹里")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return Wording("it is not a folder Anju made; move it away or build with --output into another folder",
                           zh: "它不是 Anju 建的文件夹；请把它移走，或者用 --output 构建到别的文件夹")
        }
        if let marker = PathStatus(path + "/" + Self.markerName), marker.isFile { return nil }
        if loadManifest(siteID: siteID, inode: UInt64(info.st_ino)) != nil { return nil }
        // An empty folder (made ready for the site, as for Hugo's output) holds nothing to lose,
        // unless something is mounted there (a container's volume), which cannot be swapped.
        if let names = try? FileManager.default.contentsOfDirectory(atPath: path), names.isEmpty {
            var parent = stat()
            guard lstat(path + "/..", &parent) == 0, parent.st_dev != info.st_dev else { return nil }
            return Wording("it is a mount point (a volume or a disk mounted there); Anju swaps a site folder in whole and cannot "
                + "swap one. Mount the folder above it, or build with --output into a folder on that volume",
                zh: "它是一个挂载点（挂载在这里的卷或磁盘）；Anju 每次整个换掉站点文件夹，挂载点换不了。"
                + "请挂载它上一层的文件夹，或者用 --output 构建到这个卷里面的文件夹")
        }
        return Wording("this folder was not made by Anju (it has no \(Self.markerName) inside) and is left as it is; "
            + "move it away, or build with --output into another folder",
            zh: "这个文件夹不是 Anju 建的（里面没有 \(Self.markerName)），Anju 不会动它；"
            + "请把它移走，或者用 --output 构建到别的文件夹")
    }

    /// Runs `body` holding `public/.<site>.lock`: two builds into one output folder (two CI
    /// jobs, two containers whose processes are both PID 1) take the spare copy and swap
    /// the site in one at a time.
    func withSiteLock<T>(_ siteID: String, _ body: () throws -> T) throws -> T {
        let path = joinPath(outputDirectory, ".\(siteID).lock")
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        }
        return try body()
    }

    /// 2000-01-01 00:00 UTC: the marker's fixed modification time.
    static let markerTime = 946_684_800

    /// Staging folders' markers this process holds locked until it exits, so another build's
    /// clean-up knows their folders are in use.
    nonisolated(unsafe) static var heldMarkers: [Int32] = []
    static let heldMarkersLock = NSLock()

    /// Writes the marker into a staging folder and keeps it locked until the folder is
    /// swapped in (`release`) or this process ends.
    static func claim(_ staging: String) throws {
        let path = staging + "/" + markerName
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw WriteError(path: path, reason: "another build is using this folder")
        }
        let text = Array("made by anju: this folder is rebuilt and replaced by every build\n".utf8)
        if !FileDescriptorIO.holdsExactly(fd, text) {
            _ = ftruncate(fd, 0)
            FileDescriptorIO.write(fd, text, at: 0)
        }
        // Its text never changes, and neither does its time: each folder's marker was made
        // when that folder was, so every swap changed it, and rsync uploaded it on every
        // deploy, the one file of an unchanged site that did.
        var times = [timespec(tv_sec: Self.markerTime, tv_nsec: 0), timespec(tv_sec: Self.markerTime, tv_nsec: 0)]
        _ = futimens(fd, &times)
        heldMarkersLock.withLock { heldMarkers.append(fd) }
    }

    /// A folder just swapped in is no staging folder any more: its marker is let go, so that
    /// a build (this process's or another's) may claim it once it has become the spare copy.
    static func release(_ folder: String) {
        let fd = open(folder + "/" + markerName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return }
        heldMarkersLock.withLock {
            heldMarkers.removeAll { held in
                var other = stat()
                guard fstat(held, &other) == 0, other.st_ino == info.st_ino, other.st_dev == info.st_dev else { return false }
                close(held)
                return true
            }
        }
    }

    /// Whether a staging folder left in the output folder belongs to a build that is gone:
    /// its marker can be locked (its build held it), or, from before markers, its process
    /// id names no running process. A folder that is a link, or has no marker and no pid, is
    /// not Anju's and is left alone.
    static func isAbandonedStaging(_ path: String, name: String, siteID: String) -> Bool {
        guard let status = PathStatus(path), status.isFolder else { return false }
        let fd = open(path + "/" + markerName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            return flock(fd, LOCK_EX | LOCK_NB) == 0
        }
        guard let pid = Int32(name.dropFirst(".\(siteID).staging-".count)) else { return false }
        return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Prepares a new staging folder `public/.<site>.staging-XXXXXX` beside the site for
    /// exactly `paths` (relative to the site): the spare copy of the build before last is
    /// reused when there is one, with what the new build lacks deleted, and every folder made.
    /// A `deferred` folder's content is left for `StagingFolder.removeStale(under:keeping:)`,
    /// when its paths are known. Throws, touching nothing, when `public/<site>` or its spare
    /// copy is not Anju's to replace.
    public func begin(siteID: String, paths: [String], deferring deferred: String? = nil) throws -> StagingFolder {
        let fm = FileManager.default
        let finalPath = joinPath(outputDirectory, siteID)
        var staging = ""
        var reused: SiteManifest?, published: SiteManifest?
        var check = FolderCheck(manifest: nil)
        var fresh = true
        do {
            try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            guard let made = FileDescriptorIO.makeTemporaryFolder(joinPath(outputDirectory, ".\(siteID).staging-XXXXXX")) else {
                throw WriteError(path: outputDirectory, reason: String(cString: strerror(errno)))
            }
            staging = made
            let stagingName = String(staging.split(separator: "/").last ?? "")
            // Under the lock: whose the folders are, taking the spare copy, and locking the new
            // staging folder's marker, so another build never sees it unclaimed.
            let reusing: Bool = try withSiteLock(siteID) {
                for path in [finalPath, sparePath(siteID)] {
                    if let reason = foreignReason(path, siteID: siteID) { throw WriteError(path: path, reason: reason) }
                }
                // One listing of the output folder, for crashed builds' staging folders and for
                // manifests of folders that are gone.
                let siblings = DiskFileSystem().entries(of: outputDirectory) ?? []
                for entry in siblings where entry.name.hasPrefix(".\(siteID).staging-") && entry.name != stagingName {
                    let path = joinPath(outputDirectory, entry.name)
                    if Self.isAbandonedStaging(path, name: entry.name, siteID: siteID) { Self.removeTree(path) }
                }
                // Reuse the spare copy when there is one: renamed over the new, empty staging
                // folder, and brought to exactly the new files.
                let reusing = rename(sparePath(siteID), staging) == 0
                let stagingInode = PathStatus(staging)?.inode
                let publishedInode = PathStatus(finalPath)?.inode
                reused = reusing ? stagingInode.flatMap { loadManifest(siteID: siteID, inode: $0) } : nil
                published = publishedInode.flatMap { loadManifest(siteID: siteID, inode: $0) }
                removeManifests(siteID: siteID, among: siblings.map(\.name),
                                except: [reusing ? stagingInode : nil, publishedInode].compactMap { $0 })
                try Self.claim(staging)
                return reusing
            }
            fresh = !reusing
            // mkdtemp makes the folder private (0700): the site's root would then answer 403
            // once copied with `rsync -a` or served in place. It gets what mkdir gives the rest.
            let folderFD = open(staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard folderFD >= 0, fchmod(folderFD, 0o755 & ~Self.processUmask) == 0 else {
                let reason = String(cString: strerror(errno))
                if folderFD >= 0 { close(folderFD) }
                throw WriteError(path: staging, reason: reason)
            }
            close(folderFD)
            let folders = Self.folders(of: paths)
            check = FolderCheck(manifest: reused)
            var existing: Set<String> = []
            if reusing {
                existing = Self.removeStale(staging, relative: "", keepFiles: Set(paths + [Self.markerName]), keepFolders: folders,
                                            deferred: deferred, check: &check)
            }
            // Every missing folder first, parents before children; then files from any thread.
            for folder in folders.subtracting(existing).sorted(by: { $0.count < $1.count }) {
                let path = folder.isEmpty ? staging : staging + "/" + folder
                guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                    throw WriteError(path: path, reason: String(cString: strerror(errno)))
                }
                check.changed.insert(Self.parent(of: folder))
            }
        } catch {
            if !staging.isEmpty { Self.removeTree(staging) }
            if let e = error as? WriteError { throw e }
            throw WriteError(path: staging.isEmpty ? finalPath : staging, reason: "\(error)")
        }
        // A file identical to the one already there (in the reused copy, or published) is
        // kept or hard-linked, not written: removing an old site then frees almost no blocks
        // (slow on disks mounted with `discard`), and unchanged files keep their times for
        // rsync-style deploys.
        return StagingFolder(siteID: siteID, path: staging, finalPath: finalPath, outputDirectory: outputDirectory,
                             previous: PathStatus(finalPath)?.isFolder == true ? finalPath : nil,
                             reused: reused, published: published, fresh: fresh, check: check)
    }

    /// The umask this process was started with, read where reading it changes nothing
    /// (`umask(2)` sets it as it reads, and other threads create files meanwhile).
    static let processUmask: mode_t = {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
              let mask = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8) else {
            return 0o022
        }
        return mask
    }()

    func loadManifest(siteID: String, inode: UInt64) -> SiteManifest? {
        let path = SiteManifest.path(outputDirectory: outputDirectory, siteID: siteID, inode: inode)
        return (try? DiskFileSystem().read(path)).flatMap(SiteManifest.decode)
    }

    /// What the search indexes of the published site and its spare copy were built from, as
    /// their manifests say: a build whose index is among them waits for its staging folder to
    /// keep it (`StagingFolder.keepIndex`), any other starts building at once.
    public func indexInputs(siteID: String) -> [ContentDigest] {
        [joinPath(outputDirectory, siteID), sparePath(siteID)].compactMap { folder in
            guard let inode = PathStatus(folder)?.inode,
                  let bytes = try? DiskFileSystem().read(SiteManifest.path(outputDirectory: outputDirectory, siteID: siteID, inode: inode))
            else { return nil }
            return SiteManifest.index(in: bytes)?.inputs
        }
    }

    /// Manifests of folders that are gone (only the live site's and the spare's are kept).
    func removeManifests(siteID: String, among names: [String], except inodes: [UInt64]) {
        let prefix = SiteManifest.prefix(siteID: siteID)
        for name in names where name.hasPrefix(prefix) {
            if let inode = UInt64(name.dropFirst(prefix.count)), inodes.contains(inode) { continue }
            unlink(joinPath(outputDirectory, name))
        }
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

    /// Copies the photos' resized and stripped files from the photo store.
    func writePhotos(_ files: [PhotoFile], from store: (any PhotoStore)?, to folder: StagingFolder) throws {
        guard !files.isEmpty else { return }
        guard let store else { throw WriteError(path: files[0].path, reason: "no photo store holds it") }
        let failures = FirstFailure()
        Parallel.forEach(files.count) { i in
            let file = files[i]
            failures.run(path: file.path) {
                guard let bytes = store.read(file.key) else {
                    throw WriteError(path: file.path, reason: "the photo cache lost \(file.key) during the build")
                }
                try folder.write(file.path, bytes)
            }
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
        folder.finish()
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
                            deferred: String? = nil, check: inout FolderCheck) -> Set<String> {
        var kept: Set<String> = [relative]
        removeStale(root, relative: relative, keepFiles: keepFiles, keepFolders: keepFolders, deferred: deferred, kept: &kept,
                    check: &check)
        return kept
    }

    /// The walk reads each entry's type from the directory itself (d_type) and stats only
    /// what that does not settle: on the 50,000-page corpus the reused copy's inodes are
    /// no longer cached, and a stat of every entry made this walk seconds long. A folder
    /// its manifest shows unchanged is listed from the manifest.
    private static func removeStale(_ root: String, relative: String, keepFiles: Set<String>, keepFolders: Set<String>,
                                    deferred: String?, kept: inout Set<String>, check: inout FolderCheck) {
        let folder = relative.isEmpty ? root : root + "/" + relative
        var entries: [(name: String, type: UInt8)]
        if let listed = check.listing(relative, at: folder) {
            entries = listed
        } else {
            guard let dir = opendir(folder) else { return }
            entries = FileDescriptorIO.entries(of: dir)
            closedir(dir)
        }
        for (name, type) in entries {
            let path = relative.isEmpty ? name : relative + "/" + name
            var isDirectory = type == UInt8(DT_DIR), isFile = type == UInt8(DT_REG)
            if !isDirectory && !isFile && type == UInt8(DT_UNKNOWN) {
                guard let status = PathStatus(root + "/" + path) else { continue }
                isDirectory = status.isFolder
                isFile = status.isFile
            }
            if isDirectory {
                if path == deferred {
                    continue
                } else if keepFolders.contains(path) {
                    kept.insert(path)
                    removeStale(root, relative: path, keepFiles: keepFiles, keepFolders: keepFolders, deferred: deferred,
                                kept: &kept, check: &check)
                } else {
                    removeTree(root + "/" + path)
                    check.changed.insert(relative)
                }
            } else if !keepFiles.contains(path) || !isFile {
                unlink(root + "/" + path)
                check.changed.insert(relative)
            }
        }
    }

    /// Puts `bytes` at `relative` in the staging folder: kept when the reused copy already
    /// holds them, hard-linked from the published site when it does, written otherwise.
    /// A file's entry in a manifest (`reused`, `published`) settles it with one `stat` when
    /// that matches; else the file is read and compared. Returns the file's new manifest entry
    /// and whether its folder's entries changed.
    static func writeOrLink(_ staging: String, _ relative: String, _ bytes: [UInt8], previous: String?,
                            reused: SiteManifest? = nil, published: SiteManifest? = nil, fresh: Bool = false) throws
        -> (file: SiteManifest.File, changedFolder: Bool) {
        let path = staging + "/" + relative
        let digest = ContentDigest(bytes)
        func entry(_ status: PathStatus) -> SiteManifest.File {
            SiteManifest.File(inode: status.inode, size: status.size, modified: status.modified, digest: digest)
        }
        /// A file with these bytes at `candidate`, as its manifest entry or its bytes show.
        func holdsTheBytes(_ candidate: String, _ manifest: SiteManifest?) -> (Found, PathStatus?) {
            if let recorded = manifest?.files[relative], recorded.digest == digest, recorded.size == UInt64(bytes.count),
               let status = PathStatus(candidate), status.matches(recorded) {
                return (.same, status)
            }
            return compare(candidate)
        }
        enum Found { case same, different, missing }
        /// Whether `candidate` is a regular file holding exactly `bytes`, something else, or
        /// nothing: one open, one fstat, one read (a symbolic link is not followed).
        func compare(_ candidate: String) -> (Found, PathStatus?) {
            let fd = open(candidate, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return (errno == ENOENT ? .missing : .different, nil) }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == bytes.count else {
                return (.different, nil)
            }
            return FileDescriptorIO.holdsExactly(fd, bytes) ? (.same, PathStatus(info)) : (.different, nil)
        }
        // In a folder made empty for this build there is nothing to compare with: the
        // exclusive create below says so if that is ever wrong.
        let (found, status) = fresh ? (.missing, nil) : holdsTheBytes(path, reused)
        if found == .same, let status { return (entry(status), false) }
        // The published copy, when identical, is hard-linked rather than written.
        var source: (path: String, status: PathStatus)?
        if let previous {
            let candidate = previous + "/" + relative
            if case (.same, let status?) = holdsTheBytes(candidate, published) { source = (candidate, status) }
        }
        if found == .missing {
            // A new file (a clean build, a new page): linked or written where it goes, created
            // exclusively, so it cannot be a link to anything; a temporary name and a rename
            // per file were a fifth of a clean build's system time.
            if let source, link(source.path, path) == 0 { return (entry(source.status), true) }
            if let status = try writeFile(path, bytes, exclusive: true) { return (entry(status), true) }
        }
        // Never write into an existing file: it may be a hard link shared with the live site.
        let temporary = path + ".anju-new"
        unlink(temporary)
        let written: PathStatus
        if let source, link(source.path, temporary) == 0 {
            written = source.status
        } else {
            written = try writeFile(temporary, bytes)!
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        return (entry(written), true)
    }

    /// Writes `bytes` to a new file at `path` and returns what `stat` then says of it. With
    /// `exclusive`, a file already there is left alone and the result is nil.
    @discardableResult
    static func writeFile(_ path: String, _ bytes: [UInt8], exclusive: Bool = false) throws -> PathStatus? {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (exclusive ? O_EXCL : O_TRUNC), 0o644)
        if fd < 0, exclusive, errno == EEXIST { return nil }
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if let failure = FileDescriptorIO.writeAll(fd, bytes) { throw WriteError(path: path, reason: failure.description) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        return PathStatus(info)
    }

    /// Swaps the staged site in; the old one becomes the spare copy the next build reuses.
    public func commit(_ site: StagedSite) throws {
        try withSiteLock(site.siteID) {
            try commitLocked(site)
            Self.release(site.finalPath)
        }
    }

    private func commitLocked(_ site: StagedSite) throws {
        let fm = FileManager.default
        let spare = sparePath(site.siteID)
        // Checked again under the lock: something may have appeared since the build began.
        for path in [site.finalPath, spare] {
            if let reason = foreignReason(path, siteID: site.siteID) {
                Self.removeTree(site.stagingPath)
                throw WriteError(path: path, reason: reason)
            }
        }
        if PathStatus(site.finalPath) != nil {
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

    /// Deletes a folder and everything in it with plain unlinkat/rmdir, relative to open
    /// folders and never following a symbolic link: a link is removed, not what it leads to.
    /// FileManager took seconds for a site of thirty thousand files.
    static func removeTree(_ path: String) {
        let parent = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let fd = open(parent.isEmpty ? "/" : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        removeEntry(in: fd, name)
    }

    private static func removeEntry(in parent: Int32, _ name: String) {
        if unlinkat(parent, name, 0) == 0 { return }
        guard errno == EISDIR || errno == EPERM else { return }
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0, let dir = fdopendir(fd) else { return }
        let children = FileDescriptorIO.entries(of: dir).map(\.name)
        let inner = dirfd(dir)
        for child in children { removeEntry(in: inner, child) }
        closedir(dir)
        unlinkat(parent, name, AT_REMOVEDIR)
    }

    /// Removes a staged folder that will not be published, and its manifest.
    public func discard(_ site: StagedSite) {
        if let inode = PathStatus(site.stagingPath)?.inode {
            unlink(SiteManifest.path(outputDirectory: outputDirectory, siteID: site.siteID, inode: inode))
        }
        Self.removeTree(site.stagingPath)
    }

    static func exchange(_ a: String, _ b: String) -> Bool {
        FileDescriptorIO.exchange(a, b)
    }
}
