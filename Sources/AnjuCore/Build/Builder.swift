import AnjuKernels
import Dispatch
import Foundation

public struct BuildOptions: Sendable {
    public var contentDirectory = "content"
    public var templatesDirectory = "templates"
    public var outputDirectory = "public"
    /// Empty: every site.
    public var siteIDs: [String] = []
    /// `--base-url`: replaces each site's base_url.
    public var baseURL: String?
    public var now: ChinaTime
    public var includeDrafts = false
    /// Pinyin and initials tokens in the search index (off only to measure their cost).
    public var searchPinyin = true
    /// Make the photos' resized copies (`check` only reads their headers).
    public var processPhotos = true
    /// Where resized photos are kept between builds; nil keeps them in memory for this run.
    public var photoStore: (any PhotoStore)?

    public init(now: ChinaTime) { self.now = now }

    /// `--cache`, or `.anju-cache/photos` beside the content folder: kept between builds (CI
    /// caches it), never published, never inside what editors commit.
    public static func photoCacheFolder(cache: String?, content: String) -> String {
        if let cache { return joinPath(cache, "photos") }
        return joinPath(projectFolder(of: content), ".anju-cache", "photos")
    }

    /// `--templates`, else `templates/` here, else the one beside the content folder: a
    /// project keeps the two side by side, and `anju check --content ../site/content` (the
    /// contract's check takes no templates option) should find that project's templates.
    public static func templatesFolder(_ given: String?, content: String, fileSystem: any FileSystem = DiskFileSystem()) -> String {
        if let given { return given }
        let beside = joinPath(projectFolder(of: content), "templates")
        return !fileSystem.isDirectory("templates") && fileSystem.isDirectory(beside) ? beside : "templates"
    }

    /// The folder holding the content folder.
    static func projectFolder(of content: String) -> String {
        var parent = content
        while parent.count > 1 && parent.hasSuffix("/") { parent.removeLast() }
        guard let slash = parent.lastIndex(of: "/") else { return "." }
        return slash == parent.startIndex ? "/" : String(parent[..<slash])
    }
}

/// A mistake on the command line rather than in the content: exit status 2.
public struct UsageError: Error, CustomStringConvertible {
    public var wording: Wording
    /// The English, as scripts read it.
    public var message: String { wording.english }
    public init(_ wording: Wording) { self.wording = wording }
    public var description: String { message }
}

/// A site planned and ready to render, page by page or whole.
public struct PlannedSite: Sendable {
    public var plan: SitePlan
    public var templates: TemplateSet
    public var synonyms: [[String]]
    /// Holds the bytes of `plan.photoFiles`.
    public var photoStore: (any PhotoStore)? = nil

    /// The photos' files with their bytes, as `write` puts them on disk.
    public var photoOutputs: [OutputFile] {
        guard let photoStore else { return [] }
        return plan.photoFiles.compactMap { file in photoStore.read(file.key).map { OutputFile(path: file.path, bytes: $0) } }
    }

    public func searchIndex(pinyin: Bool = true) -> SearchIndexBuilder.Index {
        let sources = searchSources(pinyin: pinyin)
        return searchIndex(of: sources.entries, pinyin: sources.pinyin)
    }

    /// What a search can find on the site, and the pinyin table its index reads (nil
    /// without pinyin): with the synonyms, all the index is made from.
    func searchSources(pinyin: Bool) -> (entries: [SearchEntry], pinyin: PinyinTable?) {
        (SearchEntry.entries(for: plan), pinyin ? PinyinTable.shared : nil)
    }

    func searchIndex(of entries: [SearchEntry], pinyin: PinyinTable?) -> SearchIndexBuilder.Index {
        SearchIndexBuilder(pinyin: pinyin).build(entries, synonyms: synonyms)
    }

    /// The digest of what `searchIndex(of:pinyin:)` reads, to keep an index made from the same.
    func searchIndexInputs(of entries: [SearchEntry], pinyin: PinyinTable?) -> ContentDigest? {
        SearchIndexInputs.digest(entries, synonyms: synonyms, pinyin: pinyin)
    }
}

/// What a long-running preview keeps between builds: parsed files and rendered bodies.
public final class BuildCaches: @unchecked Sendable {
    let bodies = BodyCache()
    private var parsed: [String: (bytes: [UInt8], result: (PendingDocument?, [Diagnostic]))] = [:]
    /// The last load of the site, which a rebuild after edits to existing files updates
    /// instead of walking the folders again.
    public var lastSource: SiteSource?
    var lastLoadDiagnostics: [Diagnostic] = []

    func takeLastSource() -> SiteSource? {
        defer { lastSource = nil }
        return lastSource
    }
    /// Loaded templates; set to nil when a template file changes.
    public var templates: (TemplateSet?, [Diagnostic])?
    private var generation: UInt64 = 0
    private let lock = NSLock()

    public init() {}

    /// Every file parsed, reusing the result of each whose bytes did not change. Array ==
    /// is O(1) when both share storage, as unchanged files read through
    /// CachingDiskFileSystem do; only the changed files are parsed, on every core.
    func parseAll(_ files: [SourceFile]) -> [(PendingDocument?, [Diagnostic])] {
        var results = [(PendingDocument?, [Diagnostic])?](repeating: nil, count: files.count)
        var misses: [Int] = []
        lock.lock()
        for (i, file) in files.enumerated() {
            if let cached = parsed[file.contentPath], cached.bytes == file.bytes { results[i] = cached.result } else { misses.append(i) }
        }
        let first = generation
        generation += UInt64(misses.count)
        lock.unlock()
        let fresh = ResultSlots<(PendingDocument?, [Diagnostic])>(count: misses.count)
        let work = misses
        Parallel.forEach(work.count) { k in
            let (document, diagnostics) = DocumentParser.parse(files[work[k]])
            fresh.set(k, (document?.with(sourceHash: String(first + UInt64(k) + 1)), diagnostics))
        }
        lock.lock()
        for (k, result) in fresh.values.enumerated() {
            let file = files[misses[k]]
            parsed[file.contentPath] = (file.bytes, result)
            results[misses[k]] = result
        }
        lock.unlock()
        return results.map { $0! }
    }
}

/// One site as written: what `anju build` reports.
public struct WrittenSite: Sendable {
    public var id: String
    public var pageCount: Int
    public var fileCount: Int
    /// Its search index was built from the same inputs as the one in place, and kept.
    public var keptSearchIndex = false
}

/// One site, planned without errors: what it will write, rendered only when asked.
public struct SiteBuild: Sendable {
    public var id: String
    public var planned: PlannedSite
    public var searchPinyin: Bool
    public var staticFiles: [StaticFile] { planned.plan.staticFiles }
    public var pageCount: Int { planned.plan.outputs.filter { $0.path.hasSuffix(".html") }.count }

    /// The search index, then a renderer whose search page points at it.
    func renderer() -> (SearchIndexBuilder.Index, SiteRenderer) {
        let index = planned.searchIndex(pinyin: searchPinyin)
        return (index, SiteRenderer(plan: planned.plan, templates: planned.templates, searchLinks: index.links))
    }

    /// Every file of the site, rendered in memory (tests, `check`-sized sites); `write`
    /// streams them to disk instead.
    public var files: [OutputFile] {
        let (index, renderer) = renderer()
        return renderer.render() + index.files
    }
}

public struct BuildReport: Sendable {
    /// Every problem in every site, sorted, each reported once.
    public var diagnostics: [Diagnostic]
    /// Sites planned in memory (`build(_:)`), ready to render.
    public var sites: [SiteBuild]
    /// Sites written to disk (`build(_:writingTo:)`).
    public var written: [WrittenSite] = []
    public var timings = StageTimings()
    public var succeeded: Bool { !diagnostics.hasErrors }
}

/// Runs the pipeline: load → parse → plan → index and render for each site, then swap them in.
///
/// Problems are collected from every stage of every site, and a single error anywhere means
/// nothing is published: CI never publishes a half-built portal. Sites are written one at a
/// time into hidden staging folders, and swapped in only when every site succeeded, so
/// only one site's plan and index are ever in memory.
public struct Builder: Sendable {
    public var fileSystem: any FileSystem

    public init(fileSystem: any FileSystem = DiskFileSystem()) {
        self.fileSystem = fileSystem
    }

    /// Sets the allocator up for builds of large sites: freed postings and page lists go
    /// back to the system instead of raising the peak of the next site. For the `anju`
    /// command to call once at start, before any thread runs.
    public static func tuneAllocator() {
        ProcessMemory.tuneAllocator()
    }

    /// Builds in memory and reports; writes nothing.
    public func build(_ options: BuildOptions) throws(UsageError) -> BuildReport {
        let (loader, wanted) = try sites(options)
        var perSite: [(site: String, diagnostics: [Diagnostic])] = []
        var sites: [SiteBuild] = []
        var timings = StageTimings()
        for id in wanted {
            let (site, siteDiagnostics) = buildSite(id, loader: loader, options: options, timings: &timings)
            perSite.append((id, siteDiagnostics))
            if let site { sites.append(site) }
        }
        let configs = configs(wanted, options: options)
        let diagnostics = Diagnostic.acrossSites(perSite, sharing: Self.sharing(configs)) + sharedAddresses(configs, options: options)
            + (options.siteIDs.isEmpty ? loader.foldersMeantAsSites() : [])
        return BuildReport(diagnostics: diagnostics.normalized, sites: sites, timings: timings)
    }

    /// Builds every site into `outputDirectory`: each is planned, indexed, rendered and
    /// staged in turn (its pages written as they are rendered) and all are swapped in at the
    /// end; with any error in any site, every staging folder is removed and nothing changes.
    /// The report lists what was written, not the sites' plans. Throws `UsageError`, or
    /// `SiteWriter.WriteError` when the disk fails.
    public func build(_ options: BuildOptions, writingTo outputDirectory: String) throws -> BuildReport {
        let (loader, wanted) = try sites(options)
        try Self.checkOutputIsApart(outputDirectory, from: [options.contentDirectory, options.templatesDirectory])
        // The pinyin table is read while the first site loads, when a core is free, instead
        // of at the start of its index, which every page of the site then waits for.
        if options.searchPinyin { Background.detach { _ = PinyinTable.shared } }
        let writer = SiteWriter(outputDirectory: outputDirectory, fileSystem: fileSystem)
        var diagnostics: [Diagnostic] = []
        var timings = StageTimings()
        var staged: [SiteWriter.StagedSite] = []
        var written: [WrittenSite] = []
        var manifests: [Background<Void>] = []
        // Before any site is staged: a failed build leaves the output folder as it was.
        let configs = configs(wanted, options: options)
        let besideSites = sharedAddresses(configs, options: options) + (options.siteIDs.isEmpty ? loader.foldersMeantAsSites() : [])
        diagnostics += besideSites
        var perSite: [(site: String, diagnostics: [Diagnostic])] = []
        do {
            var preloaded: SourcePreload?
            var planned: (SiteBuild?, [Diagnostic])?
            for (k, id) in wanted.enumerated() {
                let (site, siteDiagnostics) = planned ?? buildSite(id, loader: loader, options: options, timings: &timings)
                diagnostics += siteDiagnostics
                perSite.append((id, siteDiagnostics))
                // The next site's files are read while this one is indexed, and it is planned
                // while this one's last pages render: between sites a core was idle.
                let next = k + 1 < wanted.count ? wanted[k + 1] : nil
                preloaded = next.map { SourcePreload($0, loader: loader, options: options, builder: self) }
                var nextTimings = StageTimings()
                let planNext = {
                    planned = next.map { buildSite($0, loader: loader, options: options, timings: &nextTimings,
                                                   preloaded: preloaded?.result()) }
                }
                defer { timings.add(nextTimings) }
                // After the first error only planning goes on, to report every problem.
                guard let site, !diagnostics.hasErrors else {
                    planNext()
                    continue
                }
                let (folder, files, keptIndex) = try stage(site, writer: writer, timings: &timings, whileRendering: planNext)
                staged.append(folder.staged)
                written.append(WrittenSite(id: id, pageCount: site.pageCount, fileCount: files, keptSearchIndex: keptIndex))
                // Between sites one core was idle while the other wrote the site's manifest
                // and freed its plan's hundred thousand objects: both now overlap the next
                // site, each on a thread of its own, so that the plan is freed as the next
                // site's index starts (freed after the manifest, it was still there while that
                // index grew, and the two sites' peaks added up). The manifest is waited for
                // before any swap; the last plan's freeing is not waited for at exit. The
                // memory is given back only after a site whose index was built: the trim holds
                // each arena's lock while it walks it, stalling the next site's pages, and
                // without an index's arrays a site's peak stays well apart from the next's.
                let finished = FinishedSite(consume site)
                Background.detach {
                    finished.free()
                    if !keptIndex { ProcessMemory.releaseFreeMemory() }
                }
                let manifest = Background<Void>()
                manifests.append(manifest)
                Background.detach {
                    folder.finish()
                    manifest.send(())
                }
            }
        } catch {
            manifests.forEach { $0.value }
            staged.forEach(writer.discard)
            throw error
        }
        manifests.forEach { $0.value }
        diagnostics = besideSites + Diagnostic.acrossSites(perSite, sharing: Self.sharing(configs))
        let report = BuildReport(diagnostics: diagnostics.normalized, sites: [], written: written, timings: timings)
        guard report.succeeded else {
            staged.forEach(writer.discard)
            return report
        }
        try commit(staged, writer: writer, timings: &timings)
        return BuildReport(diagnostics: report.diagnostics, sites: [], written: written, timings: timings)
    }

    /// A site folder copied from another (cp -r wenbi wenbi2) built without a word, its
    /// canonical links and sitemap pointing at the other's address: two sites may not share
    /// a base_url (as site.yml gives it), and sharing a name is warned about.
    /// Each site.yml read on its own; its own problems are the site's build's to report.
    func configs(_ siteIDs: [String], options: BuildOptions) -> [SiteConfig] {
        siteIDs.compactMap { id -> SiteConfig? in
            guard let bytes = try? fileSystem.read(joinPath(options.contentDirectory, id, "site.yml")) else { return nil }
            return SiteConfigParser.parse(id: id, path: "site.yml", bytes: bytes, baseURLOverride: options.baseURL).0
        }
    }

    /// The sites that include content/_shared/ (`shared: false` leaves it out).
    static func sharing(_ configs: [SiteConfig]) -> Set<String> {
        Set(configs.filter(\.includeShared).map(\.id))
    }

    func sharedAddresses(_ configs: [SiteConfig], options: BuildOptions) -> [Diagnostic] {
        let siteIDs = configs.map(\.id)
        var diagnostics: [Diagnostic] = []
        if let override = options.baseURL, siteIDs.count > 1 {
            diagnostics.append(.warning(options.contentDirectory, 1, 1,
                Wording("--base-url gives all \(siteIDs.count) sites the address \(override): their pages, feeds and QR codes name one place",
                        zh: "--base-url 让 \(siteIDs.count) 个站点都用同一个地址 \(override)：它们的页面、订阅和二维码都会指向同一处"),
                hint: Wording("build one site with it: --site \(siteIDs[0]) --base-url \(override)",
                              zh: "请一次只构建一个站点：--site \(siteIDs[0]) --base-url \(override)")))
        }
        var byURL: [String: String] = [:], byName: [String: String] = [:]
        for config in configs {
            let path = joinPath(options.contentDirectory, config.id, "site.yml")
            let url = (config.publishedBaseURL ?? config.baseURL).lowercased()
            // A warning: the contract lets sites share an address (fixtures often do); a copied
            // folder is what it usually means.
            if let other = byURL[url] {
                diagnostics.append(.warning(path, config.baseURLLine, 1,
                    Wording("the site has the same base_url as the site '\(other)'",
                            zh: "这个站点的“base_url”（网站地址）和站点“\(other)”的一样"),
                    hint: Wording("a site copied from another needs its own base_url and name",
                                  zh: "从别的站点复制来的站点，要把“base_url”和“name”（站点名称）改成自己的")))
            } else {
                byURL[url] = config.id
            }
            if let other = byName[config.name] {
                diagnostics.append(.warning(path, 1, 1,
                    Wording("the site has the same name as the site '\(other)': \(config.name)",
                            zh: "这个站点的名称和站点“\(other)”的一样，都是“\(config.name)”"),
                    hint: Wording("give each community its own name in site.yml",
                                  zh: "请在 site.yml 的“name”字段里给每个社区写上自己的名称")))
            } else {
                byName[config.name] = config.id
            }
        }
        return diagnostics
    }

    /// `--output` may not be, hold or sit inside the content or templates folder: a build
    /// would publish its own sources, or replace them.
    static func checkOutputIsApart(_ output: String, from sources: [String]) throws(UsageError) {
        func real(_ path: String) -> String {
            // The output folder may not exist yet: its nearest existing parent, resolved.
            var head = path, tail: [String] = []
            while !head.isEmpty, head != "/", realpath(head, nil) == nil {
                tail.insert(String(head.split(separator: "/").last ?? ""), at: 0)
                head = head.contains("/") ? String(head[..<head.lastIndex(of: "/")!]) : ""
            }
            var base = FileManager.default.currentDirectoryPath
            if !head.isEmpty, let resolved = realpath(head, nil) {
                base = String(cString: resolved)
                free(resolved)
            }
            return ([base] + tail).joined(separator: "/")
        }
        let out = real(output)
        for source in sources {
            let folder = real(source)
            if out == folder || out.hasPrefix(folder + "/") || folder.hasPrefix(out + "/") {
                throw UsageError(Wording("--output '\(output)' overlaps '\(source)': a build must not write into its own sources; "
                    + "choose a folder outside them, such as public/",
                    zh: "--output 指定的文件夹“\(output)”和“\(source)”重叠：构建出的网站不能写进它自己的源文件夹；"
                    + "请换一个在它们外面的文件夹，例如 public/"))
            }
        }
    }

    /// The content folder's loader and the sites to build, or why the command line is wrong.
    func sites(_ options: BuildOptions) throws(UsageError) -> (ContentLoader, [String]) {
        // --base-url is the command line's: a bad one is wrong usage, not a site's error.
        if let url = options.baseURL, let problem = SiteConfigParser.baseURLProblem(url) {
            throw UsageError(Wording("--base-url must be an absolute URL such as https://host.example/wenbi/, not '\(url)': \(problem.english)",
                                     zh: "--base-url 要写完整的网址，例如 https://host.example/wenbi/；现在写的是“\(url)”：\(problem.chinese)"))
        }
        let loader = ContentLoader(fileSystem: fileSystem, contentDirectory: options.contentDirectory)
        guard fileSystem.isDirectory(options.contentDirectory) else {
            throw UsageError(Wording("the content folder '\(options.contentDirectory)' does not exist",
                                     zh: "内容文件夹“\(options.contentDirectory)”不存在"))
        }
        guard fileSystem.isDirectory(options.templatesDirectory) else {
            throw UsageError(Wording("the templates folder '\(options.templatesDirectory)' does not exist: run anju in the "
                + "project's folder (where content/ and templates/ are), or give --templates DIR",
                zh: "模板文件夹“\(options.templatesDirectory)”不存在：请在项目文件夹（content/ 和 templates/ 所在的文件夹）里运行 anju，"
                + "或者用 --templates DIR 指定模板文件夹"))
        }
        let available = loader.availableSiteIDs()
        // `--site a --site a` builds a once: two builds of one site would share its staging folder.
        var seen: Set<String> = []
        let wanted = (options.siteIDs.isEmpty ? available : options.siteIDs).filter { seen.insert($0).inserted }
        for id in wanted where !available.contains(id) {
            let config = joinPath(options.contentDirectory, id, "site.yml")
            throw UsageError(Wording("there is no site '\(id)': no \(config)"
                + (available.isEmpty ? "" : " (sites: \(available.joined(separator: ", ")))"),
                zh: "没有站点“\(id)”：找不到 \(config)"
                + (available.isEmpty ? "" : "（现有的站点：\(available.joined(separator: "、"))）")))
        }
        if wanted.isEmpty {
            // A site.yml saved as site.yml.txt is the likeliest reason.
            let misnamed = loader.foldersMeantAsSites().filter { $0.severity == .error }.map(\.path)
            throw UsageError(Wording("no sites in '\(options.contentDirectory)': a site is a folder with a site.yml"
                + misnamed.map { " (\($0) is not read: rename it to site.yml)" }.joined(),
                zh: "“\(options.contentDirectory)”里没有站点：每个站点是一个放着 site.yml 的文件夹"
                + misnamed.map { "（\($0) 不会被读取：请把它改名为 site.yml）" }.joined()))
        }
        return (loader, wanted)
    }

    func buildSite(_ id: String, loader: ContentLoader, options: BuildOptions, timings: inout StageTimings,
                   preloaded: SourcePreload.Loaded? = nil) -> (SiteBuild?, [Diagnostic]) {
        let (planned, diagnostics) = planSite(id, loader: loader, options: options, timings: &timings, preloaded: preloaded)
        guard let planned else { return (nil, diagnostics) }
        return (SiteBuild(id: id, planned: planned, searchPinyin: options.searchPinyin), diagnostics)
    }

    /// A site's `site.yml`, read and checked.
    func readConfig(_ id: String, options: BuildOptions) -> (SiteConfig?, [Diagnostic]) {
        let configPath = joinPath(options.contentDirectory, id, "site.yml")
        let configBytes = (try? fileSystem.read(configPath)) ?? []
        return SiteConfigParser.parse(id: id, path: configPath, bytes: configBytes, baseURLOverride: options.baseURL)
    }

    /// Load, parse and plan one site: everything but the output. With `caches` (the preview
    /// server's), files and bodies that did not change since the last call are reused.
    func planSite(_ id: String, loader: ContentLoader, options: BuildOptions, timings: inout StageTimings,
                         caches: BuildCaches? = nil, reuse: ((inout SiteSource) -> Bool)? = nil,
                         preloaded: SourcePreload.Loaded? = nil) -> (PlannedSite?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        if !Slug.isSiteID(id) {
            diagnostics.append(.error(joinPath(options.contentDirectory, id, "site.yml"), 1, 1,
                Wording("'\(id)' cannot be a site id: it names the output folder and URLs",
                        zh: "“\(id)”不能用作站点文件夹的名字：输出文件夹和网址都要用到这个名字"),
                hint: Wording("rename the folder with lowercase letters a–z, digits and '-', starting with a letter or digit (wenbi, binjiang-2)",
                              zh: "请把文件夹改名，只用小写英文字母 a–z、数字和“-”，以字母或数字开头（例如 wenbi、binjiang-2）")))
            return (nil, diagnostics)
        }
        let (config, configDiagnostics) = preloaded?.config ?? readConfig(id, options: options)
        diagnostics += configDiagnostics
        let (source, loadDiagnostics) = timings.measure("load") {
            // The preview passes the last walk's files, updated, when no file came or went.
            // Taken out of the cache first, so the update changes them in place, not a copy.
            if let caches, let reuse, var previous = caches.takeLastSource() {
                if reuse(&previous) { return (previous, caches.lastLoadDiagnostics) }
            }
            if let preloaded { return preloaded.source }
            return loader.load(siteID: id, includeShared: config?.includeShared ?? true)
        }
        caches?.lastSource = source
        caches?.lastLoadDiagnostics = loadDiagnostics
        diagnostics += loadDiagnostics

        // Parse every file even when site.yml is broken, so one run shows every problem.
        let results: [(PendingDocument?, [Diagnostic])] = timings.measure("parse") {
            if let caches { return caches.parseAll(source.documents) }
            let parsed = ResultSlots<(PendingDocument?, [Diagnostic])>(count: source.documents.count)
            Parallel.forEach(source.documents.count) { i in parsed.set(i, DocumentParser.parse(source.documents[i])) }
            return parsed.values
        }
        var pending: [PendingDocument] = []
        var unreadable: [SourceFile] = []
        for (i, (document, documentDiagnostics)) in results.enumerated() {
            diagnostics += documentDiagnostics
            if let document { pending.append(document) } else { unreadable.append(source.documents[i]) }
        }
        // The preview keeps the templates until one of them changes.
        let (templates, templateDiagnostics) = caches?.templates ?? TemplateSet.load(
            fileSystem: fileSystem, directory: options.templatesDirectory, siteID: id)
        caches?.templates = (templates, templateDiagnostics)
        diagnostics += templateDiagnostics
        var groups: [[String]] = []
        for file in source.synonymFiles {
            let (parsed, synonymDiagnostics) = SynonymsParser.parse(path: file.path, bytes: file.bytes)
            groups += parsed
            diagnostics += synonymDiagnostics
        }
        var grid: GridDirectory?
        if let file = source.gridFile {
            let (parsed, gridDiagnostics) = GridParser.parse(path: file.path, bytes: file.bytes)
            grid = parsed
            diagnostics += gridDiagnostics
        }
        guard let config else { return (nil, diagnostics) }

        let planner = Planner(now: options.now, includeDrafts: options.includeDrafts)
        let (planned, planDiagnostics) = timings.measure("plan") {
            planner.plan(config: config, source: source, documents: pending, unreadable: unreadable,
                         gridUnreadable: source.gridFile != nil && grid == nil, grid: grid, bodyCache: caches?.bodies,
                         readStatic: { [fileSystem] in try? fileSystem.read($0.sourcePath) })
        }
        diagnostics += planDiagnostics
        var plan = planned
        // With errors nothing is written: photos are checked, not resized.
        let store = options.processPhotos && !diagnostics.hasErrors ? options.photoStore ?? MemoryPhotoStore() : nil
        let photos = timings.measure("photos") {
            PhotoPublisher(store: store, readFile: { [fileSystem] in try fileSystem.read($0.sourcePath) })
                .publish(plan: plan, staticFiles: source.staticFiles)
        }
        diagnostics += photos.diagnostics
        plan.staticFiles = photos.staticFiles
        plan.photos = photos.photos
        plan.photoFiles = photos.files
        guard let templates, !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (PlannedSite(plan: plan, templates: templates, synonyms: SynonymsParser.forSite(groups, lexicon: Lexicon.groups),
                            photoStore: store), diagnostics)
    }

    /// Indexes and renders one site into its staging folder, writing each file as it is
    /// made. The search index is built on its own thread while the pages that do not show
    /// it render, on one thread until the index is written and then on every core: the index
    /// finishes first and pages fill the passes it runs on one core. `whileRendering` runs on
    /// the calling thread once the index is written, beside the last pages (the build plans
    /// the next site there). Returns the staging folder, every file written but its manifest
    /// not yet (`finish()`), its number of files, and whether its index was kept as it was.
    func stage(_ site: SiteBuild, writer: SiteWriter, timings: inout StageTimings,
               whileRendering: () -> Void = {}) throws -> (SiteWriter.StagingFolder, files: Int, keptIndex: Bool) {
        let plan = site.planned.plan
        let early = SiteRenderer(plan: plan, templates: site.planned.templates, searchLinks: .none)
        let knownPaths = early.outputPaths + site.staticFiles.map(\.outputPath) + plan.photoFiles.map(\.path)
        let failures = SiteWriter.FirstFailure()
        // The index: built on a thread of its own from the start (while the staging folder
        // is prepared and pages render), then written once the folder is ready; only what the
        // search page names of it and its paths are kept after that. One made from the same
        // inputs as the one the reused copy or the published site holds is kept as it is.
        let staging = Background<SiteWriter.StagingFolder?>()
        let builtIndexes = writer.indexInputs(siteID: site.id)
        let indexed = Background { () -> (links: SearchPageLinks, paths: [String], seconds: Double, kept: Bool) in
            let start = DispatchTime.now().uptimeNanoseconds
            func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
            let (entries, pinyin) = site.planned.searchSources(pinyin: site.searchPinyin)
            let inputs = site.planned.searchIndexInputs(of: entries, pinyin: pinyin)
            if let inputs, builtIndexes.contains(inputs), let folder = staging.value,
               let kept = folder.keepIndex(builtFrom: inputs), let links = SearchPageLinks(names: kept.pageLinks) {
                return (links, kept.paths, seconds(), true)
            }
            let index = site.planned.searchIndex(of: entries, pinyin: pinyin)
            if let folder = staging.value {
                failures.run(path: index.folder) {
                    try folder.add(paths: index.paths)
                    try writer.stage(index.jsonFiles + index.records + index.compressedShards(except: folder.keepNamedByContent), to: folder)
                    if let inputs { folder.recordIndex(builtFrom: inputs, paths: index.paths, pageLinks: index.links.names) }
                }
            }
            return (index.links, index.paths, seconds(), false)
        }
        let folder: SiteWriter.StagingFolder
        do {
            folder = try timings.measure("write") {
                let folder = try writer.begin(siteID: site.id, paths: knownPaths, deferring: "search")
                do {
                    try writer.stage(early.assetFiles, to: folder)
                    try writer.writeStatic(site.staticFiles, to: folder)
                    try writer.writePhotos(plan.photoFiles, from: site.planned.photoStore, to: folder)
                } catch {
                    writer.discard(folder.staged)
                    throw error
                }
                return folder
            }
        } catch {
            staging.send(nil)
            _ = indexed.value
            throw error
        }
        staging.send(folder)
        let outputs = plan.outputs
        let rendered = Background { () -> Double in
            let start = DispatchTime.now().uptimeNanoseconds
            early.renderEach(only: { !early.readsSearchIndex(outputs[$0]) }, widening: indexed.finished) { _, file in
                failures.run(path: file.path) { try folder.write(file.path, file.bytes) }
            }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        let index = indexed.value
        timings.add("index", seconds: index.seconds)
        // The index's arrays are free now: given back before the next site is planned
        // beside the last pages, or the two sites' peaks add up (a kept index freed little).
        if !index.kept { ProcessMemory.releaseFreeMemory() }
        whileRendering()
        timings.add("render", seconds: rendered.value)
        let renderer = SiteRenderer(plan: plan, templates: site.planned.templates, searchLinks: index.links)
        timings.measure("render") {
            renderer.renderEach(only: { renderer.readsSearchIndex(outputs[$0]) }) { _, file in
                failures.run(path: file.path) { try folder.write(file.path, file.bytes) }
            }
        }
        folder.removeStale(under: "search", keeping: index.paths + knownPaths.filter { $0.hasPrefix("search/") })
        do { try failures.check() } catch {
            writer.discard(folder.staged)
            throw error
        }
        return (folder, knownPaths.count + index.paths.count, index.kept)
    }

    /// Swaps staged sites in; a site that fails leaves it and every later one as they were.
    func commit(_ staged: [SiteWriter.StagedSite], writer: SiteWriter, timings: inout StageTimings) throws {
        for (i, site) in staged.enumerated() {
            do {
                try timings.measure("swap") { try writer.commit(site) }
            } catch {
                // Sites already swapped stay new (each swap is whole); the rest are dropped.
                staged[(i + 1)...].forEach(writer.discard)
                throw error
            }
        }
    }
}

/// A site's plan once it is staged, held only to be freed on another thread.
final class FinishedSite: @unchecked Sendable {
    private var site: SiteBuild?
    init(_ site: consuming SiteBuild) { self.site = site }
    func free() { site = nil }
}

/// One site's `site.yml` and files, read on a thread of its own as `planSite` would read
/// them (which then uses these instead).
final class SourcePreload: @unchecked Sendable {
    struct Loaded {
        var config: (SiteConfig?, [Diagnostic])
        var source: (SiteSource, [Diagnostic])
    }

    private let loaded: Background<Loaded>

    init(_ id: String, loader: ContentLoader, options: BuildOptions, builder: Builder) {
        loaded = Background {
            let config = builder.readConfig(id, options: options)
            return Loaded(config: config, source: loader.load(siteID: id, includeShared: config.0?.includeShared ?? true))
        }
    }

    /// Waits for the files.
    func result() -> Loaded { loaded.value }
}
