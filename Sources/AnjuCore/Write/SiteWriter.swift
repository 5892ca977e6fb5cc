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

    public func stage(siteID: String, files: [OutputFile], staticFiles: [StaticFile]) throws -> StagedSite {
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
            var wanted: Set<String> = []
            var folders: Set<String> = [""]
            for path in files.map(\.path) + staticFiles.map(\.outputPath) {
                wanted.insert(path)
                var parts = path.split(separator: "/").dropLast()
                while !parts.isEmpty, folders.insert(parts.joined(separator: "/")).inserted { parts = parts.dropLast() }
            }
            if reusing { Self.removeStale(staging, relative: "", keepFiles: wanted, keepFolders: folders) }
            // Every folder first, parents before children, then the files on every core.
            for folder in folders.sorted(by: { $0.count < $1.count }) {
                let path = folder.isEmpty ? staging : staging + "/" + folder
                guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                    throw WriteError(path: path, reason: String(cString: strerror(errno)))
                }
            }
            // A file identical to the one already there (in the reused copy, or published) is
            // kept or hard-linked, not written: removing an old site then frees almost no blocks
            // (slow on disks mounted with `discard`), and unchanged files keep their times for
            // rsync-style deploys.
            let previous = fm.fileExists(atPath: finalPath) ? finalPath : nil
            let failures = ResultSlots<WriteError?>(count: files.count + staticFiles.count)
            Parallel.forEach(files.count + staticFiles.count) { i in
                do {
                    if i < files.count {
                        try Self.writeOrLink(staging, files[i].path, files[i].bytes, previous: previous)
                    } else {
                        let file = staticFiles[i - files.count]
                        try Self.writeOrLink(staging, file.outputPath, try fileSystem.read(file.sourcePath), previous: previous)
                    }
                    failures.set(i, nil)
                } catch let error as WriteError {
                    failures.set(i, error)
                } catch {
                    failures.set(i, WriteError(path: i < files.count ? files[i].path : staticFiles[i - files.count].sourcePath,
                                               reason: "\(error)"))
                }
            }
            if let failure = failures.values.lazy.compactMap({ $0 }).first { throw failure }
        } catch {
            Self.removeTree(staging)
            if let e = error as? WriteError { throw e }
            throw WriteError(path: staging, reason: "\(error)")
        }
        return StagedSite(siteID: siteID, stagingPath: staging, finalPath: finalPath)
    }

    /// Deletes what the new build does not have from a reused copy.
    static func removeStale(_ root: String, relative: String, keepFiles: Set<String>, keepFolders: Set<String>) {
        let folder = relative.isEmpty ? root : root + "/" + relative
        for entry in DiskFileSystem().entries(of: folder) ?? [] {
            let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
            var info = stat()
            guard lstat(root + "/" + path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                if keepFolders.contains(path) {
                    removeStale(root, relative: path, keepFiles: keepFiles, keepFolders: keepFolders)
                } else {
                    removeTree(root + "/" + path)
                }
            } else if !keepFiles.contains(path) || info.st_mode & S_IFMT != S_IFREG {
                unlink(root + "/" + path)
            }
        }
    }

    static func writeOrLink(_ staging: String, _ relative: String, _ bytes: [UInt8], previous: String?) throws {
        let path = staging + "/" + relative
        func same(_ candidate: String) -> Bool {
            var info = stat()
            return lstat(candidate, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && Int(info.st_size) == bytes.count
                && (try? DiskFileSystem().read(candidate)) == bytes
        }
        if same(path) { return }
        // Never write into an existing file: it may be a hard link shared with the live site.
        let temporary = path + ".anju-new"
        unlink(temporary)
        if let previous, same(previous + "/" + relative), link(previous + "/" + relative, temporary) == 0 {
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

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
            done += n
        }
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
