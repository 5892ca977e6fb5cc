import Foundation
import Testing
@testable import AnjuCore

/// The output folder is Anju's alone: what it did not make is never moved, emptied or
/// deleted, no symlink is followed, and builds that overlap in time do not trip each other.
@Suite struct OutputFolderTests {
    static let now = ["--now", "2026-11-29 10:00"]

    func site(_ id: String = "test") throws -> String {
        try TestSite(["notices/a.md": notice("通知")], site: id).writeToDisk()
    }

    @Test func aFolderAnjuDidNotMakeIsNeverTouched() throws {
        let root = try site("docs")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/public/docs", withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: root + "/public/docs/notes.txt"))
        for _ in 0..<2 {
            let result = try runAnju(["build"] + Self.now, in: root)
            #expect(result.status == 1)
            #expect(result.stderr.contains("public/docs: cannot write: this folder was not made by Anju"), "\(result.stderr)")
        }
        #expect(FileManager.default.contents(atPath: root + "/public/docs/notes.txt") == Data("mine".utf8))
    }

    /// An empty folder made ready for the site (as one would for Hugo's output) holds nothing
    /// to lose: the site is built into it, and rebuilt.
    @Test func anEmptyFolderMadeReadyForTheSiteIsBuiltInto() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/public/test", withIntermediateDirectories: true)
        for round in 1...2 {
            let result = try runAnju(["build"] + Self.now, in: root)
            #expect(result.status == 0, "build \(round): \(result.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: root + "/public/test/index.html"))
    }

    /// A process that built a site and is still running must not stop other processes'
    /// builds from reusing that folder once it has become the spare copy.
    @Test func aFolderThisProcessSwappedInCanBeReusedByAnotherProcessWhileThisOneRuns() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = BuildOptions(now: fixedNow)
        options.contentDirectory = root + "/content"
        options.templatesDirectory = root + "/templates"
        let report = try Builder().build(options, writingTo: root + "/public")
        #expect(report.succeeded, "\(report.diagnostics)")
        // The first build turns this process's folder into the spare; the second reuses it.
        for round in 1...2 {
            let result = try runAnju(["build"] + Self.now, in: root)
            #expect(result.status == 0, "build \(round) by another process: \(result.stderr)")
        }
    }

    @Test func aSiteAnjuBuiltIsRebuiltAndCarriesItsMarker() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for _ in 0..<3 { #expect(try runAnju(["build"] + Self.now, in: root).status == 0) }
        #expect(FileManager.default.fileExists(atPath: root + "/public/test/" + SiteWriter.markerName))
        #expect(FileManager.default.fileExists(atPath: root + "/public/.test.spare/" + SiteWriter.markerName))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root + "/public").filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
    }

    /// A private root (mkdtemp's 0700) made nginx answer 403 for the whole site once
    /// copied with `rsync -a`; the first build and the ones reusing the spare copy alike.
    @Test func theSiteFolderIsReadableByTheWebServerLikeTheFoldersInIt() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        func mode(_ path: String) throws -> Int {
            try FileManager.default.attributesOfItem(atPath: root + "/public/" + path)[.posixPermissions] as! Int
        }
        for round in 1...3 {
            #expect(try runAnju(["build"] + Self.now, in: root).status == 0)
            #expect(try mode("test") == (try mode("test/notices")), "build \(round)")
            #expect(try mode("test") & 0o005 == 0o005, "build \(round): others can read and enter it")
        }
    }

    /// An unchanged site deploys nothing with rsync: the marker kept its modification time too.
    @Test func aRebuildOfUnchangedContentKeepsEveryFilesModificationTime() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for _ in 0..<2 { #expect(try runAnju(["build"] + Self.now, in: root).status == 0) }
        func times() throws -> [String: Date] {
            var found: [String: Date] = [:]
            let base = root + "/public/test"
            for case let path as String in FileManager.default.enumerator(atPath: base)! {
                let attributes = try FileManager.default.attributesOfItem(atPath: base + "/" + path)
                if attributes[.type] as? FileAttributeType == .typeRegular { found[path] = attributes[.modificationDate] as? Date }
            }
            return found
        }
        // Every file back to a day long past (the marker has its own fixed time): any file
        // the rebuild wrote would have today's, whatever the file system's time resolution.
        let past = Date(timeIntervalSince1970: 978_307_200)
        for path in try times().keys where path != SiteWriter.markerName {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: root + "/public/test/" + path)
        }
        let before = try times()
        #expect(try runAnju(["build"] + Self.now, in: root).status == 0)
        let after = try times()
        #expect(before.keys.contains(SiteWriter.markerName))
        let changed = after.filter { before[$0.key] != $0.value }.keys.sorted()
        #expect(changed.isEmpty && after.count == before.count, "\(changed)")
    }

    @Test func aSymlinkedSpareCopyIsNotFollowed() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let elsewhere = root + "/precious"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: elsewhere + "/file.txt"))
        try FileManager.default.createDirectory(atPath: root + "/public", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/public/.test.spare", withDestinationPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: root + "/public/.test.staging-1", withDestinationPath: elsewhere)
        let result = try runAnju(["build"] + Self.now, in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("public/.test.spare: cannot write: it is a symbolic link"), "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: elsewhere + "/file.txt") == Data("keep".utf8))
    }

    @Test func aSymlinkedSiteFolderIsRefusedNotWrittenThrough() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let target = root + "/srv-www"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try Data("live".utf8).write(to: URL(fileURLWithPath: target + "/index.html"))
        try FileManager.default.createDirectory(atPath: root + "/public", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/public/test", withDestinationPath: target)
        let result = try runAnju(["build"] + Self.now, in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("public/test: cannot write: it is a symbolic link"), "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: target + "/index.html") == Data("live".utf8))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/public/test") == target)
    }

    @Test(arguments: ["content", "content/test", ".", "templates", "templates/out"])
    func anOutputThatOverlapsTheSourcesIsRefused(_ output: String) throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = snapshot(root + "/content")
        let result = try runAnju(["build", "--output", output] + Self.now, in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--output '\(output)' overlaps"), "\(result.stderr)")
        #expect(snapshot(root + "/content") == before)
    }

    @Test func twoBuildsAtOnceIntoOneOutputBothSucceedAndLeaveOneWholeSite() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try runAnju(["build"] + Self.now, in: root).status == 0)
        let results = ResultSlots<Int32>(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            results.set(i, (try? runAnju(["build"] + Self.now, in: root).status) ?? -1)
        }
        #expect(results.values == [0, 0, 0, 0])
        let page = try String(contentsOfFile: root + "/public/test/notices/a/index.html", encoding: .utf8)
        #expect(page.contains("通知"))
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/public")
        #expect(!names.contains { $0.contains("staging") }, "\(names)")
    }

    @Test func removingATreeNeverFollowsALink() throws {
        let root = NSTemporaryDirectory() + "anju-rm-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/tree/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/outside/keep.txt"))
        try FileManager.default.createSymbolicLink(atPath: root + "/tree/sub/link", withDestinationPath: root + "/outside")
        try FileManager.default.createSymbolicLink(atPath: root + "/rootlink", withDestinationPath: root + "/outside")
        SiteWriter.removeTree(root + "/tree")
        SiteWriter.removeTree(root + "/rootlink")
        #expect(!FileManager.default.fileExists(atPath: root + "/tree"))
        #expect(FileManager.default.contents(atPath: root + "/outside/keep.txt") == Data("x".utf8))
    }
}
