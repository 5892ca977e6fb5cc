import Foundation
import Testing
@testable import AnjuKernels

/// The I/O kernel against Foundation doing the same thing plainly.
@Suite struct FileDescriptorIOTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "anju-fdio-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func whatIsWrittenReadsBackAsFoundationReadsIt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for size in [0, 1, 4095, 70_000] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = dir + "/f\(size)"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(FileDescriptorIO.writeAll(fd, bytes) == nil)
            close(fd)
            #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
            let rd = open(path, O_RDONLY)
            #expect(try FileDescriptorIO.read(rd, upTo: size + 10).get() == bytes, "a short file reads to its end")
            lseek(rd, 0, SEEK_SET)
            #expect(FileDescriptorIO.holdsExactly(rd, bytes))
            lseek(rd, 0, SEEK_SET)
            #expect(!FileDescriptorIO.holdsExactly(rd, bytes + [0]), "a file one byte short is not the same")
            if size > 0 {
                lseek(rd, 0, SEEK_SET)
                #expect(!FileDescriptorIO.holdsExactly(rd, Array(bytes.dropLast())), "a file one byte longer is not the same")
            }
            close(rd)
        }
    }

    @Test func aFolderListsWhatFoundationLists() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["a.md", "停水通知.md", ".hidden", "b"] { FileManager.default.createFile(atPath: dir + "/" + name, contents: Data()) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        let stream = try #require(opendir(dir))
        let listed = FileDescriptorIO.entries(of: stream)
        closedir(stream)
        #expect(Set(listed.map(\.name)) == Set(try FileManager.default.contentsOfDirectory(atPath: dir)))
        #expect(listed.first { $0.name == "sub" }?.type == UInt8(DT_DIR))
    }

    @Test func temporaryNamesAreNewAndWhereAsked() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let made = try #require(FileDescriptorIO.makeTemporaryFile(dir + "/.x.XXXXXX"))
        close(made.fd)
        #expect(made.path.hasPrefix(dir + "/.x.") && !made.path.hasSuffix("XXXXXX"))
        #expect(FileManager.default.fileExists(atPath: made.path))
        let folder = try #require(FileDescriptorIO.makeTemporaryFolder(dir + "/.s-XXXXXX"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(FileDescriptorIO.makeTemporaryFolder("/nonexistent-anju/.s-XXXXXX") == nil)
    }
}
