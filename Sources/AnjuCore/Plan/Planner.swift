import AnjuKernels
import Dispatch
import Foundation

/// Plan stage: decides which documents a site builds, renders their Markdown with links
/// resolved, checks every link and attachment, and lays out every output file.
public struct Planner: Sendable {
    public static let noticesPerPage = 10

    public var now: ChinaTime
    public var includeDrafts: Bool

    public init(now: ChinaTime, includeDrafts: Bool) {
        self.now = now
        self.includeDrafts = includeDrafts
    }

    /// `readStatic` reads a static file's bytes (for a recording's length); nil leaves it unknown.
    /// `unreadable`: files whose front matter could not be read, reported already; links to
    /// them are not reported again as leading nowhere, nor to /grid/ when `gridUnreadable`.
    func plan(config: SiteConfig, source: SiteSource, documents pending: [PendingDocument], unreadable: [SourceFile] = [],
              gridUnreadable: Bool = false, grid: GridDirectory? = nil, bodyCache: BodyCache? = nil,
              readStatic: ((StaticFile) -> [UInt8]?)? = nil) -> (SitePlan, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []

        // Which documents are built: drafts and scheduled notices wait unless --drafts.
        // Indices, not copies: a document value carries a dozen references.
        var built: [Int] = []
        var unpublished = UnpublishedDocuments()
        var scheduled: [(contentPath: String, url: String, day: String)] = []
        for (i, item) in pending.enumerated() {
            let info = item.document.info
            var waits = info.draft
            if case .notice(let n) = item.document, !n.isPublished(at: now) {
                waits = true
                // 2062 for 2026: scheduled, so never seen, and nothing said.
                if n.date.dayNumber - now.dayNumber > Self.farAheadDays {
                    diagnostics.append((n.dateLocation ?? SourceLocation(path: info.source.displayPath)).warning(
                        Wording("the notice is dated \(n.date.display), more than two months ahead: it is not published until then",
                                zh: "这条通知的\(FieldGloss.quoted("date"))是 \(n.date.display)，离现在还有两个多月：到那时才会在网站上发布"),
                        hint: Wording("check the year; a notice appears on the site from its date on",
                                      zh: "请看看年份有没有写错；通知要到“date”写的时间才会出现在网站上")))
                }
            }
            var appears: ChinaTime?
            if case .notice(let n) = item.document, !n.isPublished(at: now) { appears = n.date }
            if case .job(let j) = item.document, !j.isPublished(at: now) { waits = true; appears = j.date }
            if waits && !includeDrafts {
                unpublished.paths.insert(info.source.contentPath)
                if let appears, !info.draft { scheduled.append((info.source.contentPath, info.urlPath, appears.display)) }
            } else {
                built.append(i)
            }
        }

        // A site's file replaces the shared file with the same section and slug; two files of
        // the same origin may not share one.
        var chosen: [String: Int] = [:]
        var keys: [String] = []
        for i in built {
            let info = pending[i].document.info
            let key = info.urlPath
            guard let existing = chosen[key] else { chosen[key] = i; keys.append(key); continue }
            let old = pending[existing].document.info.source
            if old.isShared && !info.source.isShared {
                chosen[key] = i
            } else if !old.isShared && info.source.isShared {
                continue
            } else {
                // The file whose slug field claims another's URL (a copy given the original's
                // slug) is the one to change; else the later of the two.
                let oldInfo = pending[existing].document.info
                let (keep, change) = (oldInfo.slugLocation == nil) != (info.slugLocation == nil)
                    ? (oldInfo.slugLocation == nil ? (oldInfo, info) : (info, oldInfo))
                    : (old.displayPath < info.source.displayPath ? (oldInfo, info) : (info, oldInfo))
                diagnostics.append((change.slugLocation ?? SourceLocation(path: change.source.displayPath)).error(
                    Wording("this file has the same URL /\(key) as \(keep.source.displayPath)",
                            zh: "这个文件的网址是 /\(key)，和 \(keep.source.displayPath) 的网址重复了"),
                    hint: Wording("give one of them another file name or slug",
                                  zh: "请给其中一个换个文件名，或者改一下它的\(FieldGloss.quoted("slug"))字段")))
            }
        }
        let documents = keys.map { pending[chosen[$0]!] }
        // A scheduled file whose URL another file is built at now (the site's copy of a shared
        // notice, or the shared one the site's scheduled copy will replace) leads there.
        var builtInstead: [String: String] = [:]
        for waiting in scheduled {
            if chosen[waiting.url] != nil {
                unpublished.paths.remove(waiting.contentPath)
                builtInstead[waiting.contentPath] = waiting.url
            } else {
                unpublished.scheduled[waiting.contentPath] = waiting.day
                unpublished.scheduledURLs[waiting.url] = waiting.day
            }
        }

        // Every source file a link may name, mapped to the URL of the document that is built
        // for it (a shared file overridden by the site maps to the override's URL).
        var urlByContentPath: [String: String] = [:]
        urlByContentPath.reserveCapacity(built.count)
        for i in built {
            let info = pending[i].document.info
            urlByContentPath[info.source.contentPath] = info.urlPath
        }
        urlByContentPath.merge(builtInstead) { built, _ in built }
        // Their URLs by file name (a slug field was not read): one broken notice otherwise
        // buried its own error among every link to it.
        // A grid.yml with errors of its own: links to /grid/ are not reported again.
        var unreadableURLs: Set<String> = gridUnreadable ? ["grid/"] : []
        for file in unreadable where Slug.isValid(file.fileStem) {
            let url = file.section.urlPath(slug: file.fileStem)
            unreadableURLs.insert(url)
            if urlByContentPath[file.contentPath] == nil { urlByContentPath[file.contentPath] = url }
        }

        let rendered = renderBodies(documents, config: config, urlByContentPath: urlByContentPath, unpublished: unpublished,
                                    cache: bodyCache).map { document -> Document in
            // A 公示's result links like a Markdown link, and is checked like one at its line.
            guard case .notice(var n) = document, let raw = n.result else { return document }
            let source = n.info.source
            let resolver = LinkResolver(basePath: config.basePath, urlByContentPath: urlByContentPath, unpublished: unpublished,
                                        directory: source.contentPath.split(separator: "/").dropLast().joined(separator: "/"),
                                        siteID: config.id, siteURLs: config.ownURLs)
            let (url, target) = resolver.resolve(raw)
            if case .notYetPublished = target { n.resultURL = nil } else { n.resultURL = url }
            if let target {
                var body = n.info.body
                body.links.append(LinkReference(target: target, isImage: false,
                                                location: n.resultLocation ?? SourceLocation(path: source.displayPath),
                                                hasAltText: false))
                n.info = n.info.with(body: body)
            }
            return .notice(n)
        }.map { document -> Document in
            // A page's photo must be one of the site's static files: said here, with the plan's
            // other checks, so a file with other errors still hears of it in the same run.
            if let image = document.info.image, source.staticFiles[image.file] == nil {
                diagnostics.append(image.location.error(
                    Wording("the photo '\(image.file)' does not exist", zh: "找不到照片 \(image.file)"),
                    hint: StaticFile.hint(forMissing: image.file, among: source.staticFiles, what: Wording("file", zh: "照片"))))
            }
            // A recording must be one of the site's static files; its size and length are shown.
            guard var audio = document.info.audio else { return document }
            guard let file = source.staticFiles[audio.file] else {
                diagnostics.append(audio.location.error(
                    Wording("the recording '\(audio.file)' does not exist", zh: "找不到录音 \(audio.file)"),
                    hint: StaticFile.hint(forMissing: audio.file, among: source.staticFiles, what: Wording("file", zh: "录音"))))
                return document
            }
            audio.size = file.size
            if file.size > AudioRecording.warningSize {
                diagnostics.append(audio.location.warning(
                    Wording("the recording \(audio.file) is \(PageContext.fileSize(file.size)), over 5 MB",
                            zh: "录音 \(audio.file) 有 \(PageContext.fileSize(file.size))，超过了 5 MB"),
                    hint: Wording("residents play it on mobile data: save it as a mono .m4a at 32–64 kbit/s",
                                  zh: "居民多用手机流量收听：请把它另存为单声道的 .m4a 文件，码率 32–64 kbit/s")))
            }
            if file.size <= 64 * 1024 * 1024, let bytes = readStatic?(file) { audio.seconds = AudioDuration.seconds(of: bytes) }
            return document.with(info: document.info.with(audio: audio))
        }
        var notices: [Notice] = [], topics: [QATopic] = [], projects: [Project] = [], pages: [Page] = []
        var guides: [Guide] = []
        var jobs: [Job] = []
        for document in rendered {
            switch document {
            case .notice(var n):
                n.attachments = n.attachments.compactMap { attachment in
                    guard let file = source.staticFiles[attachment.file] else {
                        diagnostics.append(attachment.location.error(
                            Wording("the attachment '\(attachment.file)' does not exist", zh: "找不到附件 \(attachment.file)"),
                            hint: StaticFile.hint(forMissing: attachment.file, among: source.staticFiles,
                                                  what: Wording("file", zh: "附件"))))
                        return nil
                    }
                    var a = attachment
                    a.size = file.size
                    return a
                }
                notices.append(n)
            case .qa(let t): topics.append(t)
            case .project(let p): projects.append(p)
            case .page(let p): pages.append(p)
            case .guide(let g): guides.append(g)
            case .job(let j): jobs.append(j)
            }
        }

        notices.sort { ($0.date, $1.info.slug) > ($1.date, $0.info.slug) }
        topics.sort { ($0.order, $0.info.title, $0.info.slug) < ($1.order, $1.info.title, $1.info.slug) }
        projects.sort { (Self.statusRank($0.status), $0.info.title, $0.info.slug) < (Self.statusRank($1.status), $1.info.title, $1.info.slug) }
        pages.sort { ($0.order, $0.info.title, $0.info.slug) < ($1.order, $1.info.title, $1.info.slug) }
        guides.sort { ($0.order, $0.info.title, $0.info.slug) < ($1.order, $1.info.title, $1.info.slug) }
        // Open jobs first, the soonest deadline first; then closed ones, the latest closed first.
        jobs.sort { a, b in
            let (aOpen, bOpen) = (a.isOpen(at: now), b.isOpen(at: now))
            if aOpen != bOpen { return aOpen }
            if a.closesAt != b.closesAt { return aOpen ? a.closesAt < b.closesAt : a.closesAt > b.closesAt }
            return a.info.slug < b.info.slug
        }
        var guideCategoryOrder: [String] = []
        var guidesByCategory: [String: [Guide]] = [:]
        for guide in guides {
            if guidesByCategory[guide.category] == nil { guideCategoryOrder.append(guide.category) }
            guidesByCategory[guide.category, default: []].append(guide)
        }
        var guideAnchors = Anchor.Registry()
        let guideCategories = guideCategoryOrder.map {
            GuideCategory(name: $0, anchor: guideAnchors.unique(Anchor.make(from: $0)), guides: guidesByCategory[$0]!)
        }

        var categoryOrder: [String] = []
        var byCategory: [String: [QATopic]] = [:]
        for topic in topics {
            if byCategory[topic.category] == nil { categoryOrder.append(topic.category) }
            byCategory[topic.category, default: []].append(topic)
        }
        // The six policy categories residents look for come first, in this order; any other
        // category follows in the order its topics sort.
        let appearance = Dictionary(uniqueKeysWithValues: categoryOrder.enumerated().map { ($1, $0) })
        categoryOrder.sort { (Self.categoryRank($0), appearance[$0]!) < (Self.categoryRank($1), appearance[$1]!) }
        var categoryAnchors = Anchor.Registry()
        let categories = categoryOrder.map {
            QACategory(name: $0, anchor: categoryAnchors.unique(Anchor.make(from: $0)), topics: byCategory[$0]!)
        }

        // The list stays newest first (the contract); page 1 shows pinned notices above it.
        let current = notices.filter { !$0.isExpired(at: now) }
        let pagination = NoticePagination(count: current.count, perPage: Self.noticesPerPage)
        let listPages = (1...pagination.pageCount).map {
            NoticeListPage(number: $0, count: pagination.pageCount, notices: Array(current[pagination.range(page: $0)]))
        }

        // A category's URL is its name's pinyin. Names that sound alike (公示, 公式) each end
        // with letters of a digest of the name: numbered in the order they appear, a newer
        // notice of one would take the other's URL.
        var slugOf: [String: String] = [:]
        for name in Set(current.compactMap(\.category)) {
            let slug = PinyinTable.shared.slug(name)
            slugOf[name] = Slug.isValid(slug) ? slug : "category"
        }
        let soundAlike = Dictionary(grouping: slugOf.keys, by: { slugOf[$0]! }).filter { $0.value.count > 1 }
        for (slug, names) in soundAlike {
            for name in names {
                slugOf[name] = slug + "-" + String(IndexEncoding.hex(ContentDigest(Array(name.utf8)).high, digits: 16).prefix(6))
            }
        }
        var categorySlugs = Anchor.Registry()
        var noticeCategories: [NoticeCategory] = []
        var categoryIndex: [String: Int] = [:]
        for notice in current {
            guard let name = notice.category else { continue }
            if categoryIndex[name] == nil {
                categoryIndex[name] = noticeCategories.count
                noticeCategories.append(NoticeCategory(name: name, slug: categorySlugs.unique(slugOf[name]!), notices: []))
            }
            noticeCategories[categoryIndex[name]!].notices.append(notice)
        }

        var outputs: [PlannedOutput] = [PlannedOutput(path: "index.html", kind: .home)]
        outputs += listPages.map { PlannedOutput(path: PlannedOutput.htmlPath(for: $0.urlPath), kind: .noticeList(page: $0.number)) }
        outputs.append(PlannedOutput(path: "notices/archive/index.html", kind: .noticeArchive))
        for (i, category) in noticeCategories.enumerated() {
            for page in 1...category.pageCount {
                outputs.append(PlannedOutput(path: PlannedOutput.htmlPath(for: category.urlPath(page: page)),
                                             kind: .noticeCategory(index: i, page: page)))
            }
        }
        outputs.append(PlannedOutput(path: "publicity/index.html", kind: .publicity))
        outputs += notices.indices.map { PlannedOutput(path: PlannedOutput.htmlPath(for: notices[$0].info.urlPath), kind: .notice(index: $0)) }
        outputs.append(PlannedOutput(path: "qa/index.html", kind: .qaIndex))
        outputs += topics.indices.map { PlannedOutput(path: PlannedOutput.htmlPath(for: topics[$0].info.urlPath), kind: .qaTopic(index: $0)) }
        outputs.append(PlannedOutput(path: "projects/index.html", kind: .projectList))
        outputs += projects.indices.map { PlannedOutput(path: PlannedOutput.htmlPath(for: projects[$0].info.urlPath), kind: .project(index: $0)) }
        outputs.append(PlannedOutput(path: "guides/index.html", kind: .guideList))
        outputs += guides.indices.map { PlannedOutput(path: PlannedOutput.htmlPath(for: guides[$0].info.urlPath), kind: .guide(index: $0)) }
        outputs.append(PlannedOutput(path: "jobs/index.html", kind: .jobList))
        outputs += jobs.indices.map { PlannedOutput(path: PlannedOutput.htmlPath(for: jobs[$0].info.urlPath), kind: .job(index: $0)) }
        // The contract lists grid/ among a site's pages: without grid.yml it says who to ask instead.
        outputs.append(PlannedOutput(path: "grid/index.html", kind: .grid))
        outputs += pages.indices.map { PlannedOutput(path: PlannedOutput.htmlPath(for: pages[$0].info.urlPath), kind: .page(index: $0)) }
        outputs += [
            PlannedOutput(path: "search/index.html", kind: .search),
            PlannedOutput(path: "404.html", kind: .notFound),
            PlannedOutput(path: "feed.xml", kind: .feed),
            PlannedOutput(path: "sitemap.xml", kind: .sitemap),
            PlannedOutput(path: "robots.txt", kind: .robots),
        ]

        // Former URLs (`aliases:`) lead to their page, unless the site has a page or file there now.
        let taken = Set(outputs.map(\.path))
        var formerURLs: [String: String] = [:] // output path → the file that names it
        for d in documents {
            let info = d.document.info
            for alias in info.aliases {
                let path = alias.hasSuffix("/") ? PlannedOutput.htmlPath(for: alias) : alias
                let location = info.aliasesLocation ?? SourceLocation(path: info.source.displayPath)
                if let other = formerURLs[path] {
                    diagnostics.append(location.error(other == info.source.displayPath
                        ? Wording("the former URL /\(alias) is listed twice", zh: "旧网址 /\(alias) 写了两遍")
                        : Wording("the former URL /\(alias) is also one of \(other)", zh: "旧网址 /\(alias) 也写在 \(other) 里"),
                        hint: Wording("keep it once, in the page it leads to", zh: "只在它要转到的那个页面里写一次")))
                    continue
                }
                // Nor a file where another output needs a folder, or the other way round
                // (/old/789.shtml and /old/789.shtml/x/).
                let folderTaken = !alias.hasSuffix("/") && (taken.contains { $0.hasPrefix(path + "/") } || formerURLs.keys.contains { $0.hasPrefix(path + "/") })
                let underAFile = path.split(separator: "/").dropLast().indices.contains { i in
                    let ancestor = path.split(separator: "/")[...i].joined(separator: "/")
                    return formerURLs[ancestor] != nil || taken.contains(ancestor) || source.staticFiles[ancestor] != nil
                }
                guard !taken.contains(path), !taken.contains(alias + "/index.html"), source.staticFiles[path] == nil,
                      !folderTaken, !underAFile else {
                    diagnostics.append(location.error(
                        Wording("the former URL /\(alias) is a page or file of the site now",
                                zh: "旧网址 /\(alias) 现在是本站另一个页面或文件的网址"),
                        hint: Wording("remove it from aliases", zh: "请把它从\(FieldGloss.quoted("aliases"))里删掉")))
                    continue
                }
                formerURLs[path] = info.source.displayPath
                outputs.append(PlannedOutput(path: path, kind: .redirect(to: info.urlPath)))
            }
        }

        // The picture apps show when a page is shared: the site's own, or a card drawn for it,
        // named by what it shows so a changed name is not served from a cache.
        var shareImagePath: String?
        if let image = config.shareImage {
            if source.staticFiles[image] != nil {
                shareImagePath = image
            } else {
                diagnostics.append(.error(source.configPath, config.shareImageLine, 1,
                    Wording("the share_image '\(image)' does not exist",
                            zh: "找不到“share_image”（分享时显示的图片）字段写的图片 \(image)"),
                    hint: StaticFile.hint(forMissing: image, among: source.staticFiles, what: Wording("picture", zh: "图片"))))
            }
        } else if ShareCard.fontPath != nil {
            let path = "assets/share.\(Fingerprint.hex(Array((config.name + "\u{0}" + config.color + "\u{0}" + (ShareCard.fontPath ?? "")).utf8))).png"
            outputs.append(PlannedOutput(path: path, kind: .shareImage))
            shareImagePath = path
        }

        // A static file may not land where a page does.
        let generated = Set(outputs.map(\.path))
        let statics = source.staticFiles.keys.sorted().map { source.staticFiles[$0]! }
        for file in statics where generated.contains(file.outputPath) || file.outputPath.hasPrefix("assets/") {
            // assets/ is the theme's folder (stylesheet, scripts), kept for what Anju writes.
            let message = generated.contains(file.outputPath)
                ? Wording("this static file would replace the generated /\(file.outputPath)",
                          zh: "static 文件夹里的这个文件会顶替网站自动生成的 /\(file.outputPath)")
                : Wording("static/assets/ is kept for the site's own stylesheet and scripts",
                          zh: "static/assets/ 文件夹留给网站自己的样式和脚本用，不能放文件")
            diagnostics.append(.error(file.displayPath, 1, 1, message,
                hint: Wording("move it into another folder, such as static/files/",
                              zh: "请把它移到别的文件夹，比如 static/files/")))
        }

        let plan = SitePlan(config: config, now: now, notices: notices, qaTopics: topics, qaCategories: categories,
                            projects: projects, pages: pages, guides: guides, guideCategories: guideCategories, jobs: jobs,
                            grid: grid?.namingBuildings(as: notices.flatMap { [$0.info.title] + $0.schedule.compactMap(\.area) }),
                            staticFiles: statics, noticeListPages: listPages,
                            shareImagePath: shareImagePath, noticeCategories: noticeCategories, outputs: outputs)
        diagnostics += LinkChecker(plan: plan, unreadable: unreadableURLs).check(rendered)
        diagnostics += ContentWarnings(now: now).check(rendered, staticFiles: source.staticFiles)
        // The plan even with errors: the photos stage still checks the photos it names, so
        // one run tells every problem; the Builder writes nothing while there are errors.
        return (plan, diagnostics)
    }

    /// A notice dated further ahead than this is more likely a typing slip than a schedule.
    static let farAheadDays = 60

    public static let standardCategories = ["补偿补助", "安置方式", "后期扶持", "就业培训", "信访诉求", "社区服务"]

    static func categoryRank(_ name: String) -> Int {
        standardCategories.firstIndex(of: name) ?? standardCategories.count
    }

    static func statusRank(_ status: ProjectStatus?) -> Int {
        switch status {
        case .operating: 0
        case .completed: 1
        case .building: 2
        case .planned: 3
        case nil: 4
        }
    }

    /// Markdown of every document, rendered on every core; with a cache (the preview server's),
    /// only documents whose text or link targets changed are rendered again.
    private func renderBodies(_ documents: [PendingDocument], config: SiteConfig,
                              urlByContentPath: [String: String], unpublished: UnpublishedDocuments,
                              cache: BodyCache?) -> [Document] {
        var linkContext = Fingerprint.Hasher()
        if cache != nil {
            linkContext.add(Array(config.basePath.utf8))
            for key in urlByContentPath.keys.sorted() { linkContext.add(Array((key + "=" + urlByContentPath[key]! + "\n").utf8)) }
            for key in unpublished.paths.sorted() { linkContext.add(Array((key + "=" + (unpublished.scheduled[key] ?? "") + "\n").utf8)) }
            for key in unpublished.scheduledURLs.keys.sorted() { linkContext.add(Array(("/" + key + "\n").utf8)) }
        }
        let context = linkContext.hex
        func key(_ item: PendingDocument) -> String {
            let text: String
            if let hash = item.sourceHash { text = hash } else {
                var h = Fingerprint.Hasher()
                h.add(Array(item.markdown.utf8))
                text = h.hex
            }
            return item.document.info.source.contentPath + "\u{0}" + text + "\u{0}" + context
        }
        // Cached bodies first, in one pass; then the rest on every core.
        var results = [Document?](repeating: nil, count: documents.count)
        var misses: [(index: Int, key: String)] = []
        if let cache {
            // The whole rendered document is kept, not just its body: rebuilding its info
            // would redo its excerpt, ten thousand times per preview rebuild.
            let keys = documents.map(key)
            let found = cache.documents(for: keys)
            for i in documents.indices {
                if let document = found[i] { results[i] = document } else { misses.append((i, keys[i])) }
            }
        } else {
            misses = documents.indices.map { ($0, "") }
        }
        // The document with its body is made on the worker too: its excerpt is computed then.
        let fresh = ResultSlots<Document>(count: misses.count)
        let work = misses
        Parallel.forEach(work.count) { k in
            let item = documents[work[k].index]
            let source = item.document.info.source
            let directory = source.contentPath.split(separator: "/").dropLast().joined(separator: "/")
            let resolver = LinkResolver(basePath: config.basePath, urlByContentPath: urlByContentPath,
                                        unpublished: unpublished, directory: directory, siteID: config.id, siteURLs: config.ownURLs)
            var renderer = MarkdownRenderer(path: source.displayPath, firstLine: item.bodyFirstLine) { url, _ in
                resolver.resolve(url)
            }
            renderer.splitsQuestions = item.document.info.section == .qa
            fresh.set(k, item.document.with(body: renderer.render(item.markdown)))
        }
        let rendered = fresh.values
        for (k, miss) in misses.enumerated() { results[miss.index] = rendered[k] }
        cache?.store(rendered, for: misses.map(\.key))
        return results.map { $0! }
    }
}

/// Rendered documents kept between preview rebuilds, keyed by file, text and link targets.
public final class BodyCache: @unchecked Sendable {
    private var bodies: [String: Document] = [:]
    private let lock = NSLock()

    public init() {}

    func documents(for keys: [String]) -> [Document?] {
        lock.lock()
        defer { lock.unlock() }
        return keys.map { bodies[$0] }
    }

    func store(_ new: [Document], for keys: [String]) {
        lock.lock()
        for (key, body) in zip(keys, new) { bodies[key] = body }
        lock.unlock()
    }
}
