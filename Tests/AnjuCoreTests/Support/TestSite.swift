import Foundation
import Testing
@testable import AnjuCore

/// The repository's root, for its real templates and sample content.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

let fixedNow = ChinaTime.parse("2026-11-29 10:00")!

/// A whole small site declared inline, as Hugo's integration tests do: `files` are paths
/// under `content/` (`wenbi/site.yml`, `wenbi/notices/a.md`) and their text.
struct TestSite {
    var files: [String: String] = [:]
    var rawFiles: [String: [UInt8]] = [:]
    var includeTemplates = true
    var templateOverrides: [String: String] = [:]

    static let siteYML = """
    name: 测试社区
    base_url: https://test.example.org/
    hotline: 0870-0000000
    """

    /// A site `test` with a site.yml and the given content files.
    init(_ files: [String: String] = [:], site: String = "test") {
        self.files["\(site)/site.yml"] = Self.siteYML
        for (path, text) in files { self.files[path.hasPrefix("_") || path.contains("/site.yml") ? path : "\(site)/\(path)"] = text }
    }

    /// Every file, as the memory file system holds it.
    func fileSystem() -> MemoryFileSystem {
        var all: [String: [UInt8]] = [:]
        for (path, text) in files { all["content/" + path] = Array(text.utf8) }
        for (path, bytes) in rawFiles { all["content/" + path] = bytes }
        if includeTemplates {
            for (name, bytes) in Self.realTemplates { all["templates/" + name] = bytes }
        }
        for (path, text) in templateOverrides { all["templates/" + path] = Array(text.utf8) }
        return MemoryFileSystem(bytes: all)
    }

    static let realTemplates: [String: [UInt8]] = {
        var result: [String: [UInt8]] = [:]
        let root = repositoryRoot + "/templates"
        let names = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        for name in names {
            let path = root + "/" + name
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
               let data = FileManager.default.contents(atPath: path) {
                result[name] = [UInt8](data)
            }
        }
        return result
    }()

    func build(now: ChinaTime = fixedNow, drafts: Bool = false, baseURL: String? = nil,
               sites: [String] = [], photoStore: (any PhotoStore)? = nil, processPhotos: Bool = true) throws -> BuildReport {
        var options = BuildOptions(now: now)
        options.photoStore = photoStore
        options.processPhotos = processPhotos
        options.includeDrafts = drafts
        options.baseURL = baseURL
        options.siteIDs = sites
        let report = try Builder(fileSystem: fileSystem()).build(options)
        expectWordedInChinese(report.diagnostics)
        return report
    }

    /// Writes the tree to a new temporary folder (content/, templates/) and returns it.
    func writeToDisk() throws -> String {
        let root = NSTemporaryDirectory() + "anju-test-" + UUID().uuidString
        for (path, bytes) in fileSystem().files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: full])
            }
        }
        return root
    }
}

extension BuildReport {
    /// The text of one output file of one site.
    func page(_ path: String, site: String = "test") -> String? {
        guard let s = sites.first(where: { $0.id == site }),
              let file = s.files.first(where: { $0.path == path }) else { return nil }
        return String(decoding: file.bytes, as: UTF8.self)
    }

    func paths(site: String = "test") -> Set<String> {
        Set(sites.first { $0.id == site }?.files.map(\.path) ?? [])
    }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Every diagnostic a test site brings out is worded for a Chinese reader too: Chinese in
/// its message and hint, not the English copied over.
func expectWordedInChinese(_ diagnostics: [Diagnostic], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    func isChinese(_ wording: Wording) -> Bool {
        wording.chinese != wording.english && wording.chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }
    for d in diagnostics {
        #expect(isChinese(d.wording), "not worded in Chinese: \(d.description)", sourceLocation: sourceLocation)
        if let hint = d.hintWording {
            #expect(isChinese(hint), "hint not worded in Chinese: \(d.description)", sourceLocation: sourceLocation)
        }
    }
}

/// Front matter and body as one Markdown file.
/// What a reader without JavaScript sees of `html`: its text without tags, hidden elements
/// left out (a visitor-clock span carries other days' words in its attributes, and a word
/// of no day it is shown on is an empty hidden span), runs of spaces one, as a browser shows them.
func shownText(_ html: String) -> String {
    html.replacingOccurrences(of: "<span [^>]*hidden>[^<]*</span>", with: "", options: .regularExpression)
        .replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        .replacingOccurrences(of: " {2,}", with: " ", options: .regularExpression)
        .trimmingCharacters(in: .whitespaces)
}

func markdown(_ frontMatter: String, _ body: String = "正文。") -> String {
    "---\n\(frontMatter)\n---\n\(body)\n"
}

func notice(_ title: String, date: String = "2026-11-20 09:00", extra: String = "", body: String = "正文。") -> String {
    markdown("title: \(title)\ndate: \(date)" + (extra.isEmpty ? "" : "\n" + extra), body)
}

/// Runs the real `anju` executable.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

func runAnju(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: anjuExecutable)
    process.arguments = arguments
    // English unless a test asks for Chinese: the machine's locale must not change the output.
    process.environment = ProcessInfo.processInfo.environment.merging(["ANJU_LANG": "en"].merging(environment) { _, new in new }) { _, new in new }
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

let anjuExecutable: String = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var candidates = [beside.appendingPathComponent("anju").path,
                      beside.deletingLastPathComponent().appendingPathComponent("anju").path]
    // Inside an .xctest bundle the binary sits a few folders deeper.
    var up = beside
    for _ in 0..<4 { up.deleteLastPathComponent(); candidates.append(up.appendingPathComponent("anju").path) }
    candidates.append(repositoryRoot + "/.build/debug/anju")
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
}()

/// Every file under a folder with its bytes, for "left untouched" checks.
func snapshot(_ directory: String) -> [String: Data] {
    var result: [String: Data] = [:]
    let names = FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []
    for name in names {
        let path = directory + "/" + name
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
            result[name] = FileManager.default.contents(atPath: path)
        } else {
            result[name + "/"] = Data()
        }
    }
    return result
}
