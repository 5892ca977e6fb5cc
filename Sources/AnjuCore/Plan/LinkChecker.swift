/// Checks that every link in the site's Markdown reaches a page, anchor or file that is built.
struct LinkChecker {
    var pagePaths: Set<String> = []
    var filePaths: Set<String> = []
    var anchorsByPath: [String: Set<String>] = [:]

    init(plan: SitePlan) {
        for output in plan.outputs {
            if output.path.hasSuffix("index.html") {
                pagePaths.insert(String(output.path.dropLast("index.html".count)))
            } else {
                filePaths.insert(output.path)
            }
        }
        for file in plan.staticFiles { filePaths.insert(file.outputPath) }
        var documents: [DocumentInfo] = plan.notices.map(\.info)
        documents += plan.qaTopics.map(\.info)
        documents += plan.projects.map(\.info)
        documents += plan.pages.map(\.info)
        for info in documents { anchorsByPath[info.urlPath] = Set(info.body.headings.map(\.anchor)) }
        anchorsByPath["qa/"] = Set(plan.qaCategories.map(\.anchor))
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
                    let anchors = anchorsByPath[info.urlPath] ?? []
                    if !anchors.contains(percentDecoded(fragment)) {
                        diagnostics.append(link.location.error("this page has no heading with the anchor #\(fragment)",
                            hint: anchorHint(anchors)))
                    }
                case .internalPath(let rawPath, let fragment):
                    var path = percentDecoded(rawPath)
                    if path.hasSuffix("index.html") { path = String(path.dropLast("index.html".count)) }
                    if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
                    let isPage = pagePaths.contains(path) || (!path.hasSuffix("/") && pagePaths.contains(path + "/"))
                    if !isPage && !filePaths.contains(path) {
                        diagnostics.append(link.location.error("the \(what) target /\(rawPath) does not exist in this site",
                            hint: "check the spelling; pages are at /notices/<slug>/, /qa/<slug>/, /projects/<slug>/, /<page>/"))
                        continue
                    }
                    if let fragment, isPage {
                        let key = path.hasSuffix("/") || path.isEmpty ? path : path + "/"
                        if let anchors = anchorsByPath[key], !anchors.contains(percentDecoded(fragment)) {
                            diagnostics.append(link.location.error("/\(rawPath) has no heading with the anchor #\(fragment)",
                                hint: anchorHint(anchors)))
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
