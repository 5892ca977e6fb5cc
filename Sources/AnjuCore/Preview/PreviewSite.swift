import Dispatch
import Foundation

/// The site `anju serve` shows: planned in memory, each page rendered when it is asked for.
///
/// A rebuild reuses every parsed file and rendered body that did not change, so a one-file
/// edit costs a directory walk, one parse and a re-plan. A rebuild with errors keeps the
/// last good site and records the diagnostics, which the browser and terminal show.
public final class PreviewSite: @unchecked Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var contentType: String
        public var body: [UInt8]
    }

    struct State {
        /// Which rebuild made it: an index built for one state is never kept in another.
        var generation: Int
        var planned: PlannedSite
        var outputs: [String: PlannedOutput]
        var assets: [String: [UInt8]]
        var index: SearchIndexBuilder.Index?
        var indexFiles: [String: [UInt8]] = [:]
    }

    public let siteID: String
    var options: BuildOptions
    let fileSystem = CachingDiskFileSystem()
    lazy var builder = Builder(fileSystem: fileSystem)
    let caches = BuildCaches()
    private let lock = NSLock()
    private var state: State?
    private var latestDiagnostics: [Diagnostic] = []
    private var latestVersion = 0
    private var latestTimings = StageTimings()
    /// Serialises the index build so concurrent requests for the search page build it once.
    private let indexLock = NSLock()

    /// Diagnostics of the latest rebuild: errors mean the page shown is the last good one.
    public var diagnostics: [Diagnostic] { lock.lock(); defer { lock.unlock() }; return latestDiagnostics }
    /// Goes up with every rebuild, good or bad.
    public var version: Int { lock.lock(); defer { lock.unlock() }; return latestVersion }
    /// Time per stage of the latest rebuild.
    public var lastTimings: StageTimings { lock.lock(); defer { lock.unlock() }; return latestTimings }

    public init(siteID: String, options: BuildOptions) {
        self.siteID = siteID
        self.options = options
        // Photos are made once, not on every keystroke.
        if options.photoStore == nil { self.options.photoStore = MemoryPhotoStore() }
    }

    /// Rebuilds from disk; returns the diagnostics (errors keep the previous site).
    /// `change`: the files the watcher saw written; without one, or when files came or
    /// went, or a synonyms file changed, the content folder is walked again.
    @discardableResult
    public func rebuild(now: ChinaTime, change: ContentWatcher.Change? = nil) -> [Diagnostic] {
        var options = self.options
        options.now = now
        var timings = StageTimings()
        let loader = ContentLoader(fileSystem: fileSystem, contentDirectory: options.contentDirectory)
        let templatesFolder = options.templatesDirectory.hasSuffix("/") ? options.templatesDirectory : options.templatesDirectory + "/"
        if change.map({ $0.structural || $0.paths.contains { $0.hasPrefix(templatesFolder) } }) ?? true {
            caches.templates = nil
        }
        let reuse: ((inout SiteSource) -> Bool)? = change.flatMap { change in
            guard !change.structural, !change.paths.contains(where: { $0.hasSuffix(".yml") }) else { return nil }
            return { [fileSystem] source in
                // Every changed path must be a known file (or a template): anything else,
                // including a path spelt differently from the walk's, means walking again.
                var unmatched = change.paths.filter { !$0.hasSuffix(".mustache") && !$0.hasSuffix(".css") && !$0.hasSuffix(".mjs") }
                for i in source.documents.indices where change.paths.contains(source.documents[i].displayPath) {
                    guard let bytes = try? fileSystem.read(source.documents[i].displayPath) else { return false }
                    source.documents[i].bytes = bytes
                    unmatched.remove(source.documents[i].displayPath)
                }
                for (key, file) in source.staticFiles where change.paths.contains(file.sourcePath) {
                    source.staticFiles[key]?.size = fileSystem.size(of: file.sourcePath) ?? file.size
                    unmatched.remove(file.sourcePath)
                }
                return unmatched.isEmpty
            }
        }
        let (planned, found) = builder.planSite(siteID, loader: loader, options: options, timings: &timings,
                                                caches: caches, reuse: reuse)
        let normalized = found.normalized
        lock.lock()
        defer { lock.unlock() }
        if let planned {
            let renderer = SiteRenderer(plan: planned.plan, templates: planned.templates, searchLinks: .none)
            var assets: [String: [UInt8]] = [:]
            for asset in renderer.fingerprintedAssets { assets[asset.path] = asset.bytes }
            state = State(generation: latestVersion + 1, planned: planned,
                          outputs: Dictionary(planned.plan.outputs.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a }),
                          assets: assets, index: nil)
        }
        latestDiagnostics = normalized
        latestTimings = timings
        latestVersion += 1
        return normalized
    }

    public var hasErrors: Bool { diagnostics.hasErrors }

    /// The search index is built the first time the search page or its files are asked for.
    private func searchIndex() -> SearchIndexBuilder.Index? {
        indexLock.lock()
        defer { indexLock.unlock() }
        lock.lock()
        if let index = state?.index { lock.unlock(); return index }
        guard let planned = state?.planned, let generation = state?.generation else { lock.unlock(); return nil }
        lock.unlock()
        let index = planned.searchIndex(pinyin: options.searchPinyin)
        lock.lock()
        defer { lock.unlock() }
        if state?.generation == generation {
            state?.index = index
            state?.indexFiles = Dictionary(index.files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        }
        return index
    }

    /// The response for a URL path such as `/notices/ting-shui/`.
    public func response(for urlPath: String) -> Response {
        lock.lock()
        let current = state
        lock.unlock()
        guard let current else {
            // No good build to show yet: the problems themselves, and the script that reloads
            // the page once a save fixes them.
            let language = PreviewReload.language
            let heading = Wording("The site has not been built yet", zh: "站点还没有成功构建").text(in: language)
            let page = "<!DOCTYPE html><html lang=\"\(language == .chinese ? "zh-CN" : "en")\"><head><meta charset=\"utf-8\"><title>\(heading)</title></head>"
                + "<body><h1>\(heading)</h1><p>"
                + Wording("Fix the problems below and save: this page reloads by itself.", zh: "改好下面的问题并保存，这一页会自动刷新。").text(in: language)
                + "</p></body></html>"
            return Response(status: 503, contentType: "text/html; charset=utf-8",
                            body: Array(PreviewReload.inject(into: page, problems: diagnostics, title: PreviewReload.noBuildTitle).utf8))
        }
        let base = current.planned.plan.config.basePath
        var path = percentDecoded(String(urlPath.split(separator: "?", maxSplits: 1).first ?? ""))
        path = path.hasPrefix(base) ? String(path.dropFirst(base.count)) : String(path.drop { $0 == "/" })
        if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
        if let bytes = current.assets[path] { return Response(status: 200, contentType: Self.contentType(path), body: bytes) }
        if let output = current.outputs[path] ?? current.outputs[path + "/index.html"] {
            return Response(status: 200, contentType: Self.contentType(output.path), body: render(output, current))
        }
        if path.hasPrefix("search/"), let index = searchIndex(), path.hasPrefix(index.folder) {
            lock.lock()
            let bytes = state?.indexFiles[path]
            lock.unlock()
            if let bytes { return Response(status: 200, contentType: Self.contentType(path), body: bytes) }
        }
        if let file = current.planned.plan.photoFiles.first(where: { $0.path == path }),
           let bytes = current.planned.photoStore?.read(file.key) {
            return Response(status: 200, contentType: Self.contentType(path), body: bytes)
        }
        if let file = current.planned.plan.staticFiles.first(where: { $0.outputPath == path }),
           let bytes = try? DiskFileSystem().read(file.sourcePath) {
            return Response(status: 200, contentType: Self.contentType(path), body: bytes)
        }
        let notFound = current.outputs["404.html"].map { render($0, current) } ?? Array("404".utf8)
        return Response(status: 404, contentType: "text/html; charset=utf-8", body: notFound)
    }

    private func render(_ output: PlannedOutput, _ current: State) -> [UInt8] {
        var links = SearchPageLinks.none
        if case .search = output.kind, let index = searchIndex() { links = index.links }
        let renderer = SiteRenderer(plan: current.planned.plan, templates: current.planned.templates, searchLinks: links)
        let bytes = renderer.renderOne(output, renderer.pageContext())
        guard output.path.hasSuffix(".html") else { return bytes }
        let source = Self.sourcePath(of: output, in: current.planned.plan)
        return Array(PreviewReload.inject(into: String(decoding: bytes, as: UTF8.self), problems: diagnostics,
                                          warningsFor: source).utf8)
    }

    /// The file a page is made from, for showing that file's warnings on it: a notice's,
    /// a topic's …, grid.yml's; nil for lists and the home page.
    static func sourcePath(of output: PlannedOutput, in plan: SitePlan) -> String? {
        switch output.kind {
        case .notice(let i): return plan.notices.indices.contains(i) ? plan.notices[i].info.source.displayPath : nil
        case .qaTopic(let i): return plan.qaTopics.indices.contains(i) ? plan.qaTopics[i].info.source.displayPath : nil
        case .project(let i): return plan.projects.indices.contains(i) ? plan.projects[i].info.source.displayPath : nil
        case .page(let i): return plan.pages.indices.contains(i) ? plan.pages[i].info.source.displayPath : nil
        case .guide(let i): return plan.guides.indices.contains(i) ? plan.guides[i].info.source.displayPath : nil
        case .job(let i): return plan.jobs.indices.contains(i) ? plan.jobs[i].info.source.displayPath : nil
        case .grid: return plan.grid?.path
        default: return nil
        }
    }

    static func contentType(_ path: String) -> String {
        let ext = path.split(separator: ".").last.map(String.init) ?? ""
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "webp": return "image/webp"
        case "svg": return "image/svg+xml"
        default: return "application/octet-stream"
        }
    }
}

/// The script the preview adds to every page: reload on a good rebuild, show the problems
/// of a bad one over the (last good) page.
public enum PreviewReload {
    static let eventsPath = "/__anju/events"

    /// A box at the foot of the page: the same in Swift's HTML and in the script's.
    static func boxStyle(colour: String, background: String, border: String, height: String) -> String {
        "position:fixed;left:0;right:0;bottom:0;max-height:\(height);overflow:auto;background:\(background);color:\(colour);"
            + "border-top:4px solid \(border);padding:1rem;font:15px/1.5 monospace;z-index:99;white-space:pre-wrap"
    }
    static let problemsStyle = boxStyle(colour: "#5a0000", background: "#fff4f2", border: "#b3261e", height: "60vh")
    /// The preview speaks Chinese, as its boxes' titles do, unless ANJU_LANG or a non-Chinese
    /// locale says otherwise.
    public static let language = EditorLanguage.from(environment: ProcessInfo.processInfo.environment, fallback: .chinese)
    static let problemsTitle = Wording("The build failed; below is the last good build. Fix the problems and save:",
                                       zh: "构建出错，下面是上一次成功构建的页面。请修改后保存：").text(in: language)
    static let noBuildTitle = Wording("The build failed:", zh: "构建出错：").text(in: language)
    static let warningsTitle = Wording("Warnings (shown in the preview only; they do not stop publishing):",
                                       zh: "提醒（只在预览中显示，不影响发布）：").text(in: language)

    /// `warningsFor`: the page's own file, whose warnings are shown on it while the build is good.
    static func inject(into html: String, problems: [Diagnostic], warningsFor source: String? = nil,
                       title: String = problemsTitle) -> String {
        func box(id: String, role: String, style: String, title: String, _ shown: [Diagnostic]) -> String {
            "<div id=\"\(id)\" role=\"\(role)\" style=\"\(style)\">\(title)\n\n"
                + escapeHTML(shown.map { $0.text(in: language) }.joined(separator: "\n")) + "</div>"
        }
        let errors = problems.filter { $0.severity == .error }
        let warnings = source.map { source in problems.filter { $0.severity == .warning && $0.path == source } } ?? []
        var block = ""
        if !errors.isEmpty {
            block += box(id: "anju-problems", role: "alert", style: problemsStyle, title: title, errors)
        } else if !warnings.isEmpty {
            block += box(id: "anju-warnings", role: "status",
                         style: boxStyle(colour: "#3d3000", background: "#fffbe6", border: "#b88a00", height: "40vh"),
                         title: warningsTitle, warnings)
        }
        block += """
        <script>(() => {
          const events = new EventSource('\(eventsPath)');
          events.addEventListener('reload', () => location.reload());
          events.addEventListener('problems', (e) => {
            let box = document.getElementById('anju-problems');
            if (!box) { box = document.createElement('div'); box.id = 'anju-problems'; box.setAttribute('role', 'alert');
              box.style.cssText = '\(problemsStyle)';
              document.body.append(box); }
            box.textContent = '\(title)\\n\\n' + JSON.parse(e.data).join('\\n');
          });
        })();</script>
        """
        if let close = html.range(of: "</body>", options: .backwards) {
            return html.replacingCharacters(in: close, with: block + "\n</body>")
        }
        return html + block
    }
}
