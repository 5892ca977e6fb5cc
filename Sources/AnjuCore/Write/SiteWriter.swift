import CAnjuSystem
import Foundation

/// Write stage: puts a rendered site on disk without ever leaving a half-written one.
///
/// Files go to a staging folder beside `public/<site>`; only when every file is written is
/// the staging folder swapped in (one atomic `renameat2(RENAME_EXCHANGE)` on Linux), and the
/// old site removed. A failure at any point removes the staging folder and leaves
/// `public/<site>` as it was.
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

    public func stage(siteID: String, files: [OutputFile], staticFiles: [StaticFile]) throws -> StagedSite {
        let fm = FileManager.default
        let finalPath = joinPath(outputDirectory, siteID)
        let staging = joinPath(outputDirectory, ".\(siteID).staging-\(getpid())")
        do {
            try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            if fm.fileExists(atPath: staging) { try fm.removeItem(atPath: staging) }
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            var made: Set<String> = [staging]
            func write(_ relative: String, _ bytes: [UInt8]) throws {
                let path = joinPath(staging, relative)
                let folder = (path as NSString).deletingLastPathComponent
                if !made.contains(folder) {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    made.insert(folder)
                }
                guard fm.createFile(atPath: path, contents: Data(bytes)) else {
                    throw WriteError(path: path, reason: "the file could not be created")
                }
            }
            for file in staticFiles { try write(file.outputPath, try fileSystem.read(file.sourcePath)) }
            for file in files { try write(file.path, file.bytes) }
        } catch {
            try? fm.removeItem(atPath: staging)
            if let e = error as? WriteError { throw e }
            throw WriteError(path: staging, reason: "\(error)")
        }
        return StagedSite(siteID: siteID, stagingPath: staging, finalPath: finalPath)
    }

    /// Swaps the staged site in and removes the old one.
    public func commit(_ site: StagedSite) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: site.finalPath) {
            if Self.exchange(site.stagingPath, site.finalPath) {
                try? fm.removeItem(atPath: site.stagingPath) // now holds the old site
                return
            }
            // No atomic exchange (not Linux, or a file system without it): two renames.
            let old = site.finalPath + ".old-\(getpid())"
            do {
                try fm.moveItem(atPath: site.finalPath, toPath: old)
                try fm.moveItem(atPath: site.stagingPath, toPath: site.finalPath)
            } catch {
                if !fm.fileExists(atPath: site.finalPath) { try? fm.moveItem(atPath: old, toPath: site.finalPath) }
                try? fm.removeItem(atPath: site.stagingPath)
                throw WriteError(path: site.finalPath, reason: "\(error)")
            }
            try? fm.removeItem(atPath: old)
        } else {
            do { try fm.moveItem(atPath: site.stagingPath, toPath: site.finalPath) } catch {
                try? fm.removeItem(atPath: site.stagingPath)
                throw WriteError(path: site.finalPath, reason: "\(error)")
            }
        }
    }

    public func discard(_ site: StagedSite) {
        try? FileManager.default.removeItem(atPath: site.stagingPath)
    }

    static func exchange(_ a: String, _ b: String) -> Bool {
        anju_exchange_paths(a, b) == 0
    }
}
