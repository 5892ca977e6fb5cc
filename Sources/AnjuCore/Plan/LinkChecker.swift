/// Checks that every link in the site's Markdown reaches a page, anchor or file that is built.
struct LinkChecker {
    var pagePaths: Set<String> = []
    var filePaths: Set<String> = []
    /// Documents by URL path; their headings are the anchors a link may name.
    var documentsByPath: [String: DocumentInfo] = [:]
    var categoryAnchors: Set<String> = []
    var guideCategoryAnchors: Set<String> = []
    var gridAnchors: Set<String> = []
    /// Pages of files that could not be read: their own errors say why.
    var unreadable: Set<String> = []

    init(plan: SitePlan, unreadable: Set<String> = []) {
        self.unreadable = unreadable
        for output in plan.outputs {
            if output.path.hasSuffix("index.html") {
                pagePaths.insert(String(output.path.dropLast("index.html".count)))
            } else {
                filePaths.insert(output.path)
            }
        }
        for file in plan.staticFiles { filePaths.insert(file.outputPath) }
        for n in plan.notices { documentsByPath[n.info.urlPath] = n.info }
        for t in plan.qaTopics { documentsByPath[t.info.urlPath] = t.info }
        for p in plan.projects { documentsByPath[p.info.urlPath] = p.info }
        for p in plan.pages { documentsByPath[p.info.urlPath] = p.info }
        for g in plan.guides { documentsByPath[g.info.urlPath] = g.info }
        for j in plan.jobs { documentsByPath[j.info.urlPath] = j.info }
        categoryAnchors = Set(plan.qaCategories.map(\.anchor))
        guideCategoryAnchors = Set(plan.guideCategories.map(\.anchor))
        if let grid = plan.grid { gridAnchors = Set(grid.grids.map(\.anchor) + grid.buildings.map(\.anchor)) }
    }

    /// A path ending in a file name with an extension (files/a.pdf), not a page's URL.
    static func looksLikeAFile(_ path: String) -> Bool {
        guard let last = path.split(separator: "/").last, !path.hasSuffix("/") else { return false }
        return last.contains(".")
    }

    /// Anchors of the page at `path`, or nil for a page whose anchors are not known.
    func anchors(_ path: String) -> Set<String>? {
        if path == "qa/" { return categoryAnchors }
        if path == "guides/" { return guideCategoryAnchors }
        if path == "grid/" { return gridAnchors }
        return documentsByPath[path].map { Set($0.body.headings.map(\.anchor)) }
    }

    func check(_ documents: [Document]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for document in documents {
            let info = document.info
            for link in info.body.links {
                let what = link.isImage ? "image" : "link"
                switch link.target {
                case .broken(let reason):
                    diagnostics.append(link.location.error(reason,
                        hint: "link to a page by its URL (/qa/buchang/) or its file (../qa/buchang.md)"))
                case .external:
                    break // http:// links are ContentWarnings' concern
                case .samePage(let fragment):
                    let anchors = Set(info.body.headings.map(\.anchor))
                    if !anchors.contains(percentDecoded(fragment)) {
                        diagnostics.append(link.location.error("this page has no heading with the anchor #\(fragment)",
                            hint: anchorHint(anchors)))
                    }
                case .internalPath(let rawPath, let fragment):
                    var path = percentDecoded(rawPath)
                    if path.hasSuffix("index.html") { path = String(path.dropLast("index.html".count)) }
                    if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
                    if unreadable.contains(path.hasSuffix("/") ? path : path + "/") { continue }
                    let isPage = pagePaths.contains(path) || (!path.hasSuffix("/") && pagePaths.contains(path + "/"))
                    if !isPage && !filePaths.contains(path) {
                        diagnostics.append(link.location.error("the \(what) target /\(rawPath) does not exist in this site",
                            hint: link.isImage || Self.looksLikeAFile(path)
                                ? "a file is linked by its path under static/: static/files/a.jpg is files/a.jpg; check that it is there and spelt alike"
                                : "check the spelling; pages are at /notices/<slug>/, /qa/<slug>/, /projects/<slug>/, /guides/<slug>/, /<page>/"))
                        continue
                    }
                    if let fragment, isPage {
                        let key = path.hasSuffix("/") || path.isEmpty ? path : path + "/"
                        if let anchors = anchors(key) {
                            if !anchors.contains(percentDecoded(fragment)) {
                                diagnostics.append(link.location.error("/\(rawPath) has no heading with the anchor #\(fragment)",
                                    hint: anchorHint(anchors)))
                            }
                        } else {
                            diagnostics.append(link.location.warning("the anchor #\(fragment) on the generated page /\(rawPath) cannot be checked",
                                hint: "link to the page without #…, or to a notice, Q&A topic, project or page"))
                        }
                    }
                }
                if link.isImage && !link.hasAltText {
                    diagnostics.append(link.location.warning("the image has no alt text",
                        hint: "describe it for readers who cannot see it: ![湖心公园健康步道](…)"))
                }
            }
        }
        return diagnostics
    }

    private func anchorHint(_ anchors: Set<String>) -> String {
        anchors.isEmpty ? "the page has no headings to link to"
            : "anchors there: " + anchors.sorted().prefix(6).map { "#" + $0 }.joined(separator: ", ")
    }
}
