import AnjuKernels
import Foundation
import Mustache

/// The Mustache templates one site renders with: `templates/*.mustache`, each replaceable by
/// a file of the same name in `templates/<site>/`. Every problem a template has — a syntax
/// error, a partial or parent that does not exist, a page type with no template — is a
/// diagnostic naming the file and line, never an empty page.
public struct TemplateSet: Sendable {
    /// The template each page kind renders with; each must exist.
    public static let pageTemplates = ["home", "notice-list", "notice", "qa-index", "qa-topic",
                                       "project-list", "project", "page", "search", "404"]
    /// Templates rendered once per site and menu item, not once per page, with the site-wide
    /// values only; pages print the result raw (`{{{masthead}}}`). The header and footer were
    /// a third of every page's template work, and the same on ten thousand pages.
    public static let siteFragments = ["masthead", "footer"]

    public let library: MustacheLibrary
    /// Theme files from `templates/assets/`, with a site's overrides applied; stylesheets and
    /// scripts as published (`published(asset:_:)`).
    public let assets: [String: [UInt8]]
    /// The same files under names carrying a content hash (`assets/anju.3f9c2a1b0d.css`),
    /// so a cached old stylesheet (WeChat keeps them for days) is never used with new
    /// pages; hashed once when the templates are loaded.
    public let fingerprintedAssets: [(name: String, path: String, bytes: [UInt8])]
    /// Whether a template other than `search` prints the search index's folder or shard
    /// count; when none does, every other page can be rendered while the index is built.
    public var pagesReadSearchIndex = false

    public static func load(fileSystem fs: any FileSystem, directory: String, siteID: String) -> (TemplateSet?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var sources: [String: (path: String, text: String)] = [:]
        var assets: [String: [UInt8]] = [:], assetPaths: [String: String] = [:]
        for folder in [directory, joinPath(directory, siteID)] {
            for entry in fs.entries(of: folder) ?? [] where !entry.isDirectory && entry.name.hasSuffix(".mustache") {
                let path = joinPath(folder, entry.name)
                guard let bytes = try? fs.read(path) else {
                    diagnostics.append(.error(path, 1, 1, Wording("cannot read the template", zh: "这个模板文件打不开，读不到里面的内容")))
                    continue
                }
                switch SourceText.decode(bytes, path: path) {
                case .success(let text): sources[String(entry.name.dropLast(".mustache".count))] = (path, text)
                case .failure(let d):
                    // An empty template is legitimate (an empty block); bad UTF-8 is not.
                    if bytes.allSatisfy({ $0 == 10 || $0 == 32 }) {
                        sources[String(entry.name.dropLast(".mustache".count))] = (path, "")
                    } else {
                        diagnostics.append(d)
                    }
                }
            }
            let assetFolder = joinPath(folder, "assets")
            for entry in fs.entries(of: assetFolder) ?? [] where !entry.isDirectory && !entry.name.hasPrefix(".") {
                if let bytes = try? fs.read(joinPath(assetFolder, entry.name)) {
                    assets[entry.name] = bytes
                    assetPaths[entry.name] = joinPath(assetFolder, entry.name)
                }
            }
        }
        if let reader = assets[searchModule], let path = assetPaths[searchModule],
           let stale = Self.searchModuleMismatch(reader, path: path) {
            diagnostics.append(stale)
        }
        if sources.isEmpty {
            return (nil, [.error(directory, 1, 1,
                                 Wording("no templates found in \(directory)", zh: "\(directory) 里没有找到模板"),
                                 hint: Wording("pass the theme folder with --templates",
                                               zh: "请用 --templates 指定模板所在的文件夹"))])
        }
        // Sites without templates of their own read the same files: parsed and checked once
        // (15 ms a site, most of it the Mustache parser), the result reused while they are unchanged.
        let key = LoadedFiles(sources: sources.mapValues { [Array($0.path.utf8), Array($0.text.utf8)] }, assets: assets)
        if let (set, loadDiagnostics) = lastLoad.result(for: key, diagnostics: diagnostics) { return (set, loadDiagnostics) }
        let (set, loadDiagnostics) = parse(sources, assets: assets, directory: directory, diagnostics: diagnostics)
        lastLoad.keep(key, diagnostics: diagnostics, result: (set, loadDiagnostics))
        return (set, loadDiagnostics)
    }

    /// A stylesheet or script as pages load it (`CompactStylesheet`, `CompactScript`); other
    /// files, and any that is not UTF-8, as they are.
    static func published(asset name: String, _ bytes: [UInt8]) -> [UInt8] {
        let script = name.hasSuffix(".js") || name.hasSuffix(".mjs")
        guard script || name.hasSuffix(".css"), let text = String(bytes: bytes, encoding: .utf8) else { return bytes }
        return script ? CompactScript.compact(bytes) : Array(CompactStylesheet.compact(text).utf8)
    }

    /// The theme's search module, which reads the index this build writes.
    static let searchModule = "search.mjs"

    /// An error when the theme's search module reads another version of the search index
    /// than this build writes (a theme copied from an older Anju): every search on the site
    /// would fail, so the site is not published with it.
    static func searchModuleMismatch(_ module: [UInt8], path: String) -> Diagnostic? {
        let declaration = Array("export const INDEX_VERSION = ".utf8)
        let text = module[...]
        guard let start = text.firstRange(of: declaration)?.upperBound else {
            return .error(path, 1, 1,
                          Wording("this search module does not say which version of the search index it reads",
                                  zh: "这个搜索脚本没有写明它读取哪一版的搜索索引"),
                          hint: Wording("replace it with templates/assets/search.mjs of this Anju, which reads version \(SearchIndexBuilder.version)",
                                        zh: "请换成这个版本 Anju 自带的 templates/assets/search.mjs，它读取第 \(SearchIndexBuilder.version) 版索引"))
        }
        let digits = text[start...].prefix { (0x30...0x39).contains($0) }
        guard Int(String(decoding: digits, as: UTF8.self)) != SearchIndexBuilder.version else { return nil }
        let line = text[..<start].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let reads = String(decoding: digits, as: UTF8.self)
        return .error(path, line, 1,
                      Wording("this search module reads version \(reads) of the search index; this Anju writes version \(SearchIndexBuilder.version)",
                              zh: "这个搜索脚本读取第 \(reads) 版搜索索引，而这个版本的 Anju 生成的是第 \(SearchIndexBuilder.version) 版"),
                      hint: Wording("replace it with templates/assets/search.mjs of this Anju (a theme copied from an older release)",
                                    zh: "请换成这个版本 Anju 自带的 templates/assets/search.mjs（这套模板是从旧版本复制来的）"))
    }

    /// The files a load read (paths and texts as bytes: String equality would take a file
    /// re-saved in another Unicode normalisation for the same one), for the next load.
    struct LoadedFiles: Equatable {
        var sources: [String: [[UInt8]]]
        var assets: [String: [UInt8]]
    }

    final class LastLoad: @unchecked Sendable {
        private var last: (files: LoadedFiles, readDiagnostics: [Diagnostic], result: (TemplateSet?, [Diagnostic]))?
        private let lock = NSLock()

        func result(for files: LoadedFiles, diagnostics: [Diagnostic]) -> (TemplateSet?, [Diagnostic])? {
            lock.withLock {
                guard let last, last.files == files, last.readDiagnostics == diagnostics else { return nil }
                return last.result
            }
        }

        func keep(_ files: LoadedFiles, diagnostics: [Diagnostic], result: (TemplateSet?, [Diagnostic])) {
            lock.withLock { last = (files, diagnostics, result) }
        }
    }

    static let lastLoad = LastLoad()

    /// Parses and checks the templates read.
    private static func parse(_ sources: [String: (path: String, text: String)], assets: [String: [UInt8]], directory: String,
                              diagnostics: [Diagnostic]) -> (TemplateSet?, [Diagnostic]) {
        var diagnostics = diagnostics

        var library = MustacheLibrary()
        for name in sources.keys.sorted() {
            let (path, text) = sources[name]!
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let problem = describe(error.error), near = error.context.line.trimmingSpaces
                diagnostics.append(.error(path, error.context.lineNumber, error.context.columnNumber,
                                          Wording("template syntax error: \(problem.english)",
                                                  zh: "模板写法有问题（\(problem.chinese)）"),
                                          hint: Wording("near: \(near)", zh: "问题在这一行附近：\(near)")))
            } catch {
                diagnostics.append(.error(path, 1, 1, Wording("template syntax error: \(error)", zh: "模板写法有问题（\(error)）")))
            }
            diagnostics += missingReferences(in: text, path: path, known: Set(sources.keys))
        }
        for name in pageTemplates where sources[name] == nil {
            diagnostics.append(.error(joinPath(directory, name + ".mustache"), 1, 1,
                                      Wording("the template '\(name).mustache' is missing", zh: "缺少模板 \(name).mustache"),
                                      hint: Wording("every page type needs its template; copy it from Anju's templates/",
                                                    zh: "每种页面都要有自己的模板，请从 Anju 自带的 templates/ 里复制一份")))
        }
        // A site fragment is printed like a value, so Mustache would print nothing for one
        // that does not exist.
        for name in siteFragments where sources[name] == nil {
            for (_, source) in sources.sorted(by: { $0.key < $1.key }) {
                guard let found = firstTag(printing: name, in: withoutComments(source.text)) else { continue }
                diagnostics.append(.error(source.path, found.line, found.column,
                                          Wording("the site fragment '\(name).mustache' does not exist",
                                                  zh: "全站共用的模板片段 \(name).mustache 不存在"),
                                          hint: Wording("create \(name).mustache in the templates folder (copy it from Anju's templates/)",
                                                        zh: "请在模板文件夹里建一个 \(name).mustache（可以从 Anju 自带的 templates/ 里复制）")))
            }
        }
        if diagnostics.hasErrors { return (nil, diagnostics) }
        var set = TemplateSet(library: library, assets: assets.reduce(into: [:]) { $0[$1.key] = published(asset: $1.key, $1.value) })
        set.pagesReadSearchIndex = sources.contains { name, source in
            let text = withoutComments(source.text)
            return name != "search" && ["searchIndex", "searchWords", "searchShards", "searchTailFilter"].contains { text.contains($0) }
        }
        return (set, diagnostics)
    }

    init(library: MustacheLibrary, assets: [String: [UInt8]]) {
        self.library = library
        self.assets = assets
        fingerprintedAssets = assets.keys.sorted().map { name in
            let bytes = assets[name]!
            let hash = Fingerprint.hex(bytes)
            let fingerprinted: String
            if let dot = name.lastIndex(of: ".") {
                // ES modules are published as .js: stock nginx, Apache and object-storage hosting
                // have no MIME type for .mjs, and a module served as octet-stream does not run.
                let ext = name[dot...] == ".mjs" ? ".js" : String(name[dot...])
                fingerprinted = "\(name[..<dot]).\(hash)\(ext)"
            } else {
                fingerprinted = "\(name).\(hash)"
            }
            return (name, "assets/" + fingerprinted, bytes)
        }
    }

    /// The template's text with its `{{! … }}` comments, which print nothing and may name
    /// any value, blanked out: spaces for their characters, line breaks kept, so lines and
    /// columns stay those of the file.
    static func withoutComments(_ text: String) -> String {
        var out = "", rest = text[...]
        while let open = rest.range(of: "{{!") {
            out += rest[..<open.lowerBound]
            let end = rest[open.upperBound...].range(of: "}}")?.upperBound ?? rest.endIndex
            for character in rest[open.lowerBound..<end] { out.append(character == "\n" ? "\n" : " ") }
            rest = rest[end...]
        }
        return out + rest
    }

    /// Every `{{…}}` tag of a template with its line and column (in characters) and its
    /// text between the braces, line by line.
    static func forEachTag(in text: String, _ body: (_ line: Int, _ column: Int, _ tag: Substring) -> Void) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let afterOpen = rest[open.upperBound...]
                guard let close = afterOpen.range(of: "}}") else { break }
                body(index + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1, afterOpen[..<close.lowerBound])
                rest = afterOpen[close.upperBound...]
            }
        }
    }

    /// Line and column of the first tag printing `name`: `{{name}}`, `{{{name}}}` or
    /// `{{&name}}`, spaces allowed inside.
    static func firstTag(printing name: String, in text: String) -> (line: Int, column: Int)? {
        var found: (line: Int, column: Int)?
        forEachTag(in: text) { line, column, tag in
            var tag = tag
            if tag.first == "{" || tag.first == "&" { tag = tag.dropFirst() }
            if found == nil && tag.trimmingSpaces == name { found = (line, column) }
        }
        return found
    }

    /// swift-mustache renders a missing partial as nothing; find them before rendering.
    static func missingReferences(in text: String, path: String, known: Set<String>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        forEachTag(in: text) { line, column, tag in
            let tag = tag.trimmingSpaces
            guard let sigil = tag.first, sigil == ">" || sigil == "<" else { return }
            let name = String(tag.dropFirst()).trimmingSpaces
            if !name.isEmpty && !name.hasPrefix("*") && !known.contains(name) {
                diagnostics.append(.error(path, line, column,
                    Wording("the \(sigil == ">" ? "partial" : "parent template") '\(name)' does not exist",
                            zh: "\(sigil == ">" ? "子模板（partial）" : "父模板")“\(name)”不存在"),
                    hint: Wording("create \(name).mustache in the templates folder or fix the name",
                                  zh: "请在模板文件夹里建一个 \(name).mustache，或者改正这里写的名字")))
            }
        }
        return diagnostics
    }

    private static func describe(_ error: Error) -> Wording {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect:
            Wording("a section is closed with the wrong name", zh: "区块结束处 {{/…}} 写的名字和开头 {{#…}} 的不一样")
        case MustacheTemplate.Error.unfinishedName:
            Wording("a tag is not closed with }}", zh: "有一个标签没有用 }} 结束")
        case MustacheTemplate.Error.expectedSectionEnd:
            Wording("a section {{#…}} is never closed with {{/…}}", zh: "区块 {{#…}} 后面没有用 {{/…}} 结束")
        case MustacheTemplate.Error.invalidSetDelimiter:
            Wording("invalid delimiter change", zh: "更换分隔符的标签 {{=… …=}} 写得不对")
        default:
            Wording("\(error)", zh: "\(error)")
        }
    }

    /// Renders `name` as UTF-8 bytes (what is written); a template that does not exist is a
    /// programming error caught by `load`.
    func render(_ context: [String: Any], template name: String) -> [UInt8] {
        library.renderUTF8(context, withTemplate: name, reservingCapacity: Self.pageBufferBytes) ?? []
    }

    /// Room a page is rendered into: nine pages in ten of the bench's sites are under 9 KB.
    static let pageBufferBytes = 12 * 1024

    /// The site fragments this theme has, rendered with `values`, by name. One final line
    /// break is dropped: the file ends with one like any text file, and the page template
    /// has its own after `{{{masthead}}}`.
    func renderSiteFragments(_ values: [String: Any]) -> [String: String] {
        var fragments: [String: String] = [:]
        for name in Self.siteFragments {
            guard var html = library.render(values, withTemplate: name) else { continue }
            if html.utf8.last == 0x0A { html.removeLast() }
            fragments[name] = html
        }
        return fragments
    }
}
