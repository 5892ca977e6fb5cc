/// Load stage: walks `content/` and reads every site's files into `SiteSource` values.
///
/// Nothing is interpreted here beyond the layout of folders; problems with the layout itself
/// (an unknown section folder, a stray file) are reported as diagnostics.
public struct ContentLoader: Sendable {
    public static let sharedFolder = "_shared"

    /// Files a browser runs as a page when opened: a script in one runs with the site's address.
    static func runsInBrowsers(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".svg", ".html", ".htm", ".xhtml"].contains { lower.hasSuffix($0) }
    }
    /// The largest of those files read for a script.
    static let largestScannedFile = 4 << 20

    /// Whether `bytes` hold `<script`, `javascript:` (its letters possibly written as
    /// entities) or an `on…=` event attribute, in any case.
    static func holdsScript(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        if text.contains("<script") || text.contains(/[\s\/"']on[a-z]+\s*=/) { return true }
        let decoded = text.contains("&#") ? decodingNumericEntities(text) : text
        return decoded.contains("javascript:")
    }

    /// `&#x73;` and `&#115;` as the characters they stand for.
    static func decodingNumericEntities(_ text: String) -> String {
        text.replacing(/&#(x[0-9a-f]+|[0-9]+);?/) { match in
            let digits = match.1
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? ""
        }
    }

    /// The section (or static/) a folder's name was meant as: one slip from its English name in
    /// any case (notice, Notices, guide), or its Chinese name (通知, 通知公告, 问答).
    static func sectionMeant(by name: String) -> String? {
        let folders = Section.allCases.map(\.rawValue) + ["static"]
        let lower = name.lowercased()
        if let english = folders.first(where: { $0 == lower || (lower.count >= 4 && slipDistance($0, lower) <= 1) }) {
            return english
        }
        return Section.allCases.first { $0.chineseNames.contains(name) }?.rawValue
    }

    /// The folders content goes in, each with what it holds, for the Chinese hints.
    static let sectionFolders = Section.allCases.map { "\($0.rawValue)/（\($0.chineseName)）" }.joined(separator: "、")
        + "或 static/（图片和附件）"

    public var fileSystem: any FileSystem
    /// The content root as given on the command line (`content`), used in displayed paths.
    public var contentDirectory: String

    public init(fileSystem: any FileSystem, contentDirectory: String) {
        self.fileSystem = fileSystem
        self.contentDirectory = contentDirectory
    }

    /// Ids of every folder under the content root that holds a `site.yml`, sorted.
    public func availableSiteIDs() -> [String] {
        (fileSystem.entries(of: contentDirectory) ?? [])
            .filter { $0.isDirectory && !$0.name.hasPrefix("_") && !$0.name.hasPrefix(".") }
            .map(\.name)
            .filter { fileSystem.isFile(joinPath(contentDirectory, $0, "site.yml")) }
    }

    /// The folders under the content root that are not sites (no `site.yml`) but were
    /// meant to be: an error for a settings file misnamed (`site.yml.txt`, `site.yaml`), a
    /// warning for a folder that holds sections or a grid. Such a site was left out without
    /// a word while every other one was published.
    public func foldersMeantAsSites() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for folder in fileSystem.entries(of: contentDirectory) ?? []
        where folder.isDirectory && !folder.name.hasPrefix("_") && !folder.name.hasPrefix(".") {
            let path = joinPath(contentDirectory, folder.name)
            guard !fileSystem.isFile(joinPath(path, "site.yml")) else { continue }
            let entries = fileSystem.entries(of: path) ?? []
            if let misnamed = entries.first(where: { !$0.isDirectory && SettingsFileName.intended(by: $0.name) == "site.yml" }) {
                diagnostics.append(SettingsFileName.misnamed(joinPath(path, misnamed.name), name: misnamed.name, intended: "site.yml"))
            } else if entries.contains(where: { ($0.isDirectory && Section(rawValue: $0.name) != nil) || $0.name == "grid.yml" }) {
                diagnostics.append(.warning(path, 1, 1,
                    Wording("the folder '\(folder.name)' holds content but is not built: it has no site.yml",
                            zh: "文件夹“\(folder.name)”里有内容，但没有 site.yml，不会生成网站"),
                    hint: Wording("a site is a folder with a site.yml (name and base_url); copy one from another site and change both",
                                  zh: "每个站点的文件夹里都要有 site.yml（写上 name 和 base_url）：可以从别的站点复制一份，再把这两项改成本社区的")))
            }
        }
        return diagnostics
    }

    /// Where the content folder really is, symlinks resolved: nothing outside it is read.
    var contentRoot: String { fileSystem.resolvedPath(contentDirectory) ?? contentDirectory }

    /// The real paths of the folders a site's walk has entered: a folder reached twice
    /// through symlinks is walked once (a fan of links to links would list 2^30 paths).
    final class Visited {
        var folders: Set<String> = []
    }

    /// Whether to follow an entry of the walk, reporting what is not followed: a FIFO, socket
    /// or device (reading one can block), a symlink that leads outside the content folder
    /// (it could publish the build machine's files) or nowhere, and a folder that is one of
    /// its own ancestors (a symlink loop). `ancestors` are the real paths of the folders
    /// being walked; a followed folder's real path is returned through `realFolder`.
    func admit(_ entry: DirectoryEntry, at path: String, ancestors: Set<String>,
               diagnostics: inout [Diagnostic], realFolder: inout String?, visited: Visited? = nil) -> Bool {
        realFolder = nil
        if entry.kind == .special {
            diagnostics.append(.warning(path, 1, 1,
                Wording("'\(entry.name)' is not a file or folder (a pipe, socket or device) and is skipped",
                        zh: "“\(entry.name)”不是普通的文件或文件夹（是管道、套接字或设备），会被跳过"),
                hint: Wording("remove it from the content folder", zh: "请把它从内容文件夹里删掉")))
            return false
        }
        guard entry.kind == .symlink || entry.isDirectory else { return true }
        guard let real = fileSystem.resolvedPath(path) else {
            diagnostics.append(.warning(path, 1, 1,
                Wording("the symlink '\(entry.name)' leads nowhere and is skipped",
                        zh: "符号链接“\(entry.name)”指向的文件不存在，会被跳过"),
                hint: Wording("remove it, or point it at a file inside the content folder",
                              zh: "请删掉它，或者让它指向内容文件夹里的文件")))
            return false
        }
        let root = contentRoot
        if entry.kind == .symlink, real != root, !real.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            diagnostics.append(.error(path, 1, 1,
                Wording("the symlink '\(entry.name)' leads outside the content folder (\(real)) and is not followed",
                        zh: "符号链接“\(entry.name)”指向内容文件夹外面（\(real)），不会去读它指向的内容"),
                hint: Wording("copy the file into the content folder instead of linking to it",
                              zh: "请把文件复制到内容文件夹里，不要用链接")))
            return false
        }
        if entry.isDirectory {
            if ancestors.contains(real) {
                diagnostics.append(.error(path, 1, 1,
                    Wording("the symlink '\(entry.name)' leads back to a folder that contains it (a loop) and is not followed",
                            zh: "符号链接“\(entry.name)”指回了包含它自己的文件夹（绕成了一个圈），不会去读它指向的内容"),
                    hint: Wording("remove the symlink", zh: "请删掉这个符号链接")))
                return false
            }
            if let visited, !visited.folders.insert(real).inserted {
                diagnostics.append(.warning(path, 1, 1,
                    Wording("'\(entry.name)' is a folder already read through another path and is skipped",
                            zh: "文件夹“\(entry.name)”已经通过别的路径读过了，这里跳过"),
                    hint: Wording("remove the symlink: every file is read once",
                                  zh: "请删掉这个符号链接：每个文件只会读一次")))
                return false
            }
            realFolder = real
        }
        return true
    }

    public func load(siteID: String, includeShared: Bool) -> (SiteSource, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let configPath = joinPath(contentDirectory, siteID, "site.yml")
        let configBytes = (try? fileSystem.read(configPath)) ?? []
        var documents: [SourceFile] = []
        var statics: [String: StaticFile] = [:]
        var synonymFiles: [(path: String, bytes: [UInt8])] = []
        var gridFile: (path: String, bytes: [UInt8])?

        var roots = [(folder: siteID, shared: false)]
        if includeShared, fileSystem.isDirectory(joinPath(contentDirectory, Self.sharedFolder)) {
            roots.insert((Self.sharedFolder, true), at: 0)
        }
        let visited = Visited()
        for root in roots {
            let rootPath = joinPath(contentDirectory, root.folder)
            var rootReal: String?
            guard admit(DirectoryEntry(name: root.folder, isDirectory: true, kind: .symlink), at: rootPath, ancestors: [],
                        diagnostics: &diagnostics, realFolder: &rootReal, visited: visited) else { continue }
            let ancestors: Set<String> = [contentRoot, rootReal ?? rootPath]
            for entry in fileSystem.entries(of: rootPath) ?? [] {
                if entry.name.hasPrefix(".") || entry.name.hasPrefix("_") { continue }
                var real: String?
                guard admit(entry, at: joinPath(rootPath, entry.name), ancestors: ancestors,
                            diagnostics: &diagnostics, realFolder: &real, visited: visited) else { continue }
                if entry.isDirectory {
                    let inner = ancestors.union([real ?? joinPath(rootPath, entry.name)])
                    if let section = Section(rawValue: entry.name) {
                        collectDocuments(in: joinPath(root.folder, entry.name), section: section,
                                         shared: root.shared, ancestors: inner, visited: visited, into: &documents, diagnostics: &diagnostics)
                    } else if entry.name == "static" {
                        collectStatic(in: joinPath(root.folder, "static"), relative: "",
                                      shared: root.shared, ancestors: inner, visited: visited, into: &statics, diagnostics: &diagnostics)
                    } else if let meant = Self.sectionMeant(by: entry.name),
                              (fileSystem.entries(of: joinPath(rootPath, entry.name)) ?? []).contains(where: { $0.name.lowercased().hasSuffix(".md") }) {
                        // notice/, Notices/, 通知/: meant as a section, its pages would go unpublished.
                        diagnostics.append(.error(joinPath(rootPath, entry.name), 1, 1,
                            Wording("folder '\(entry.name)' is not a section: did you mean '\(meant)/'?",
                                    zh: "文件夹“\(entry.name)”不是栏目文件夹，是不是想写“\(meant)/”？"),
                            hint: Wording("rename it \(meant)/: as it is, nothing in it is published",
                                          zh: "请把它改名为 \(meant)/；照现在这样，里面的内容都不会发布")))
                    } else {
                        diagnostics.append(.warning(joinPath(rootPath, entry.name), 1, 1,
                            Wording("folder '\(entry.name)' is not a section and is ignored",
                                    zh: "文件夹“\(entry.name)”不是栏目文件夹，里面的内容不会生效"),
                            hint: Wording("content goes in qa/, notices/, projects/, guides/, jobs/, pages/ or static/",
                                          zh: "内容要放在这几个文件夹里：" + Self.sectionFolders)))
                    }
                } else if entry.name == "synonyms.yml" {
                    let path = joinPath(rootPath, entry.name)
                    if let bytes = try? fileSystem.read(path) { synonymFiles.append((path, bytes)) }
                } else if entry.name == "grid.yml" {
                    let path = joinPath(rootPath, entry.name)
                    if root.shared {
                        diagnostics.append(.warning(path, 1, 1,
                            Wording("grid.yml in _shared is ignored", zh: "_shared 里的 grid.yml 不会生效"),
                            hint: Wording("each community has its own grids: move it to content/<site>/grid.yml",
                                          zh: "每个社区有自己的网格：请把它移到 content/<site>/grid.yml（<site> 是本社区的文件夹名）")))
                    } else if let bytes = try? fileSystem.read(path) {
                        gridFile = (path, bytes)
                    } else {
                        diagnostics.append(.error(path, 1, 1, Wording("cannot read grid.yml", zh: "grid.yml 打不开，读不到里面的内容")))
                    }
                } else if let intended = SettingsFileName.intended(by: entry.name),
                          !fileSystem.isFile(joinPath(rootPath, intended)), intended != "site.yml" || !root.shared {
                    diagnostics.append(SettingsFileName.misnamed(joinPath(rootPath, entry.name), name: entry.name, intended: intended))
                } else if entry.name != "site.yml" {
                    diagnostics.append(.warning(joinPath(rootPath, entry.name), 1, 1,
                        Wording("file '\(entry.name)' is outside any section and is ignored",
                                zh: "文件“\(entry.name)”没有放在任何栏目文件夹里，不会生效"),
                        hint: Wording("move it into qa/, notices/, projects/, guides/, jobs/, pages/ or static/",
                                      zh: "请把它移到这几个文件夹中的一个：" + Self.sectionFolders)))
                }
            }
        }
        let site = SiteSource(id: siteID, configPath: configPath, configBytes: configBytes,
                              documents: documents, staticFiles: statics, synonymFiles: synonymFiles,
                              gridFile: gridFile)
        return (site, diagnostics)
    }

    private func collectDocuments(in folder: String, section: Section, shared: Bool, ancestors: Set<String>, visited: Visited,
                                  into documents: inout [SourceFile], diagnostics: inout [Diagnostic]) {
        var found: [(child: String, display: String)] = []
        listDocuments(in: folder, ancestors: ancestors, visited: visited, into: &found, diagnostics: &diagnostics)
        // Read on every core: one thread reading a site's thousands of files left the other
        // idle at the start of every build.
        let paths = found.map(\.display), fileSystem = self.fileSystem
        let read = ResultSlots<[UInt8]?>(count: paths.count)
        Parallel.forEach(paths.count) { i in read.set(i, try? fileSystem.read(paths[i])) }
        for ((child, display), bytes) in zip(found, read.values) {
            guard let bytes else {
                diagnostics.append(.error(display, 1, 1, Wording("cannot read the file", zh: "这个文件打不开，读不到里面的内容")))
                continue
            }
            documents.append(SourceFile(contentPath: child, displayPath: display, section: section,
                                        isShared: shared, bytes: bytes))
        }
    }

    /// The Markdown files under a section's folder, in the order the folders list them.
    private func listDocuments(in folder: String, ancestors: Set<String>, visited: Visited,
                               into found: inout [(child: String, display: String)], diagnostics: inout [Diagnostic]) {
        let path = joinPath(contentDirectory, folder)
        let entries = fileSystem.entries(of: path) ?? []
        let markdownStems = Set(entries.filter { !$0.isDirectory && $0.name.hasSuffix(".md") }.map { String($0.name.dropLast(3)) })
        for entry in entries {
            if entry.name.hasPrefix(".") || entry.name.hasPrefix("_") { continue }
            let child = joinPath(folder, entry.name)
            var real: String?
            guard admit(entry, at: joinPath(contentDirectory, child), ancestors: ancestors,
                        diagnostics: &diagnostics, realFolder: &real, visited: visited) else { continue }
            if entry.isDirectory {
                listDocuments(in: child, ancestors: ancestors.union([real ?? child]), visited: visited, into: &found, diagnostics: &diagnostics)
            } else if entry.name.hasSuffix(".md") {
                if let original = CopiedFileName.original(of: String(entry.name.dropLast(3))), markdownStems.contains(original) {
                    diagnostics.append(.error(joinPath(contentDirectory, child), 1, 1,
                        Wording("'\(entry.name)' looks like a copy of \(original).md and would be published as a second page",
                                zh: "“\(entry.name)”像是 \(original).md 的副本，会被重复发布成第二个页面"),
                        hint: Wording("delete the copy, or give it a name of its own if it is a different notice",
                                      zh: "请删掉这个副本；如果它是另一条通知，请给它另起一个文件名")))
                    continue
                }
                found.append((child, joinPath(contentDirectory, child)))
            } else if let meant = CopiedFileName.markdownName(for: entry.name) {
                diagnostics.append(.error(joinPath(contentDirectory, child), 1, 1,
                    Wording("'\(entry.name)' is not read: Markdown files must end in .md",
                            zh: "“\(entry.name)”不会被读取：内容文件（Markdown）的文件名要以 .md 结尾"),
                    hint: Wording("rename it to \(meant)", zh: "请把它改名为 \(meant)")))
            } else {
                diagnostics.append(.warning(joinPath(contentDirectory, child), 1, 1,
                    Wording("'\(entry.name)' is not a Markdown file and is ignored",
                            zh: "“\(entry.name)”不是 .md 内容文件，不会生效"),
                    hint: Wording("images and PDF files belong in static/", zh: "图片和 PDF 文件请放在 static/ 文件夹里")))
            }
        }
    }

    private func collectStatic(in folder: String, relative: String, shared: Bool, ancestors: Set<String>, visited: Visited,
                               into statics: inout [String: StaticFile], diagnostics: inout [Diagnostic]) {
        let path = joinPath(contentDirectory, folder)
        // Hidden files (.DS_Store, .gitkeep, an editor's swap files) stay out; .well-known/ is
        // where security.txt, certificate checks and app links are published from.
        for entry in fileSystem.entries(of: path) ?? [] where !entry.name.hasPrefix(".") || (relative.isEmpty && entry.name == ".well-known") {
            let rel = relative.isEmpty ? entry.name : relative + "/" + entry.name
            var real: String?
            guard admit(entry, at: joinPath(path, entry.name), ancestors: ancestors,
                        diagnostics: &diagnostics, realFolder: &real, visited: visited) else { continue }
            if entry.isDirectory {
                collectStatic(in: joinPath(folder, entry.name), relative: rel, shared: shared,
                              ancestors: ancestors.union([real ?? rel]), visited: visited, into: &statics, diagnostics: &diagnostics)
            } else {
                let source = joinPath(path, entry.name)
                let size = fileSystem.size(of: source) ?? 0
                statics[rel] = StaticFile(outputPath: rel, sourcePath: source, displayPath: source, size: size, isShared: shared)
                if Self.runsInBrowsers(entry.name), size <= Self.largestScannedFile, let bytes = try? fileSystem.read(source),
                   Self.holdsScript(bytes) {
                    diagnostics.append(.warning(source, 1, 1,
                        Wording("\(entry.name) holds a script: opened from the site, it runs as the site's own page",
                                zh: "\(entry.name) 里有脚本（script）：在网站上打开时，它会以本站页面的身份运行"),
                        hint: Wording("remove the script (save the drawing again without it) or publish it as a PNG",
                                      zh: "请去掉里面的脚本（重新导出一份不带脚本的图），或者改存成 PNG 图片再发布")))
                }
            }
        }
    }
}
