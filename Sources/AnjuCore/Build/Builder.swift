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

    public init(now: ChinaTime) { self.now = now }
}

/// A mistake on the command line rather than in the content: exit status 2.
public struct UsageError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A site planned and ready to render, page by page or whole.
public struct PlannedSite: Sendable {
    public var plan: SitePlan
    public var templates: TemplateSet
    public var synonyms: [[String]]

    public func searchIndex(pinyin: Bool = true) -> SearchIndexBuilder.Index {
        SearchIndexBuilder(pinyin: pinyin ? PinyinTable.shared : nil)
            .build(SearchEntry.entries(for: plan), synonyms: synonyms)
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

/// One site's result.
public struct SiteBuild: Sendable {
    public var id: String
    public var files: [OutputFile]
    public var staticFiles: [StaticFile]
    public var pageCount: Int
}

public struct BuildReport: Sendable {
    /// Every problem in every site, sorted, each reported once.
    public var diagnostics: [Diagnostic]
    public var sites: [SiteBuild]
    public var timings = StageTimings()
    public var succeeded: Bool { !diagnostics.hasErrors }
}

/// Runs the pipeline: load → parse → plan → render and index for each site, then write them all.
///
/// Problems are collected from every stage of every site before anything is written, and a
/// single error anywhere means nothing is written: CI never publishes a half-built portal.
public struct Builder: Sendable {
    public var fileSystem: any FileSystem

    public init(fileSystem: any FileSystem = DiskFileSystem()) {
        self.fileSystem = fileSystem
    }

    /// Builds in memory and reports; writes nothing.
    public func build(_ options: BuildOptions) throws(UsageError) -> BuildReport {
        let loader = ContentLoader(fileSystem: fileSystem, contentDirectory: options.contentDirectory)
        guard fileSystem.isDirectory(options.contentDirectory) else {
            throw UsageError("the content folder '\(options.contentDirectory)' does not exist")
        }
        guard fileSystem.isDirectory(options.templatesDirectory) else {
            throw UsageError("the templates folder '\(options.templatesDirectory)' does not exist")
        }
        let available = loader.availableSiteIDs()
        let wanted = options.siteIDs.isEmpty ? available : options.siteIDs
        for id in wanted where !available.contains(id) {
            throw UsageError("there is no site '\(id)': no \(joinPath(options.contentDirectory, id, "site.yml"))"
                + (available.isEmpty ? "" : " (sites: \(available.joined(separator: ", ")))"))
        }
        if wanted.isEmpty {
            throw UsageError("no sites in '\(options.contentDirectory)': a site is a folder with a site.yml")
        }

        var diagnostics: [Diagnostic] = []
        var sites: [SiteBuild] = []
        var timings = StageTimings()
        for id in wanted {
            let (site, siteDiagnostics) = buildSite(id, loader: loader, options: options, timings: &timings)
            diagnostics += siteDiagnostics
            if let site { sites.append(site) }
        }
        return BuildReport(diagnostics: diagnostics.normalized, sites: sites, timings: timings)
    }

    func buildSite(_ id: String, loader: ContentLoader, options: BuildOptions,
                   timings: inout StageTimings) -> (SiteBuild?, [Diagnostic]) {
        let (planned, diagnostics) = planSite(id, loader: loader, options: options, timings: &timings)
        guard let planned else { return (nil, diagnostics) }
        let plan = planned.plan
        let index = timings.measure("index") { planned.searchIndex(pinyin: options.searchPinyin) }
        let renderer = SiteRenderer(plan: plan, templates: planned.templates, searchIndexFolder: index.folder,
                                    searchShards: index.shardCount)
        let files = timings.measure("render") { renderer.render() } + index.files
        let pageCount = plan.outputs.filter { $0.path.hasSuffix(".html") }.count
        return (SiteBuild(id: id, files: files, staticFiles: plan.staticFiles, pageCount: pageCount), diagnostics)
    }

    /// Load, parse and plan one site: everything but the output. With `caches` (the preview
    /// server's), files and bodies that did not change since the last call are reused.
    public func planSite(_ id: String, loader: ContentLoader, options: BuildOptions, timings: inout StageTimings,
                         caches: BuildCaches? = nil, reuse: ((inout SiteSource) -> Bool)? = nil) -> (PlannedSite?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let configPath = joinPath(options.contentDirectory, id, "site.yml")
        let configBytes = (try? fileSystem.read(configPath)) ?? []
        let (config, configDiagnostics) = SiteConfigParser.parse(id: id, path: configPath, bytes: configBytes,
                                                                 baseURLOverride: options.baseURL)
        diagnostics += configDiagnostics
        let (source, loadDiagnostics) = timings.measure("load") {
            // The preview passes the last walk's files, updated, when no file came or went.
            // Taken out of the cache first, so the update changes them in place, not a copy.
            if let caches, let reuse, var previous = caches.takeLastSource() {
                if reuse(&previous) { return (previous, caches.lastLoadDiagnostics) }
            }
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
        for (document, documentDiagnostics) in results {
            diagnostics += documentDiagnostics
            if let document { pending.append(document) }
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
        guard let config else { return (nil, diagnostics) }

        let planner = Planner(now: options.now, includeDrafts: options.includeDrafts)
        let (plan, planDiagnostics) = timings.measure("plan") {
            planner.plan(config: config, source: source, documents: pending, bodyCache: caches?.bodies)
        }
        diagnostics += planDiagnostics
        guard let plan, let templates, !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (PlannedSite(plan: plan, templates: templates, synonyms: SynonymsParser.merge(groups)), diagnostics)
    }

    /// Writes every site of a successful report: all are staged first, then swapped in, so
    /// a failure while writing one site leaves every site as it was.
    public func write(_ report: BuildReport, outputDirectory: String, timings: inout StageTimings) throws {
        precondition(report.succeeded, "a report with errors is never written")
        let writer = SiteWriter(outputDirectory: outputDirectory, fileSystem: fileSystem)
        var staged: [SiteWriter.StagedSite] = []
        do {
            for site in report.sites {
                staged.append(try timings.measure("write") {
                    try writer.stage(siteID: site.id, files: site.files, staticFiles: site.staticFiles)
                })
            }
        } catch {
            staged.forEach(writer.discard)
            throw error
        }
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

    public func write(_ report: BuildReport, outputDirectory: String) throws {
        var timings = StageTimings()
        try write(report, outputDirectory: outputDirectory, timings: &timings)
    }
}
