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
    /// Former URLs (`aliases:`) by path, each with the URL path of the page it leads to.
    var formerURLs: [String: String] = [:]

    /// The site's path under its host (`wenbi/` for https://host/wenbi/), as a link copied
    /// from the address bar may begin.
    var basePath = ""

    init(plan: SitePlan, unreadable: Set<String> = []) {
        self.unreadable = unreadable
        basePath = String(plan.config.basePath.drop { $0 == "/" })
        for output in plan.outputs {
            if case .redirect(let target) = output.kind {
                let page = output.path.hasSuffix("/index.html") || output.path == "index.html"
                formerURLs[page ? String(output.path.dropLast("index.html".count)) : output.path] = target
            } else if output.path.hasSuffix("index.html") {
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

    /// Anchors every page has: its main content (the skip link's) and its top.
    static let onEveryPage = Set(Anchor.onEveryPage)

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
                let what = link.isImage ? Wording("image", zh: "图片") : Wording("link", zh: "链接")
                switch link.target {
                case .broken(let reason):
                    diagnostics.append(link.location.error(reason,
                        hint: Wording("link to a page by its URL (/qa/buchang/) or its file (../qa/buchang.md)",
                                      zh: "链接本站的页面，请写它的网址（/qa/buchang/）或它的文件（../qa/buchang.md）")))
                case .external:
                    break // http:// links are ContentWarnings' concern
                case .notYetPublished(let url, let day):
                    // Not an error: one scheduled notice must not stop every site's daily build.
                    diagnostics.append(link.location.warning(
                        Wording("the link '\(url)' leads to a page published on \(day): until then its text shows without the link",
                                zh: "链接“\(url)”指向的页面 \(day) 才发布：在那之前只显示文字，不带链接"),
                        hint: Wording("the first build from that day on links it", zh: "到那天以后的第一次构建会自动加上链接")))
                case .samePage(let fragment):
                    let anchors = Set(info.body.headings.map(\.anchor))
                    if !anchors.contains(percentDecoded(fragment)) && !Self.onEveryPage.contains(fragment) {
                        diagnostics.append(link.location.error(
                            Wording("this page has no heading with the anchor #\(fragment)",
                                    zh: "这个页面里没有页内锚点是 #\(fragment) 的标题"),
                            hint: anchorHint(anchors)))
                    }
                case .internalPath(let rawPath, let fragment):
                    var path = percentDecoded(rawPath)
                    if path.hasSuffix("index.html") { path = String(path.dropLast("index.html".count)) }
                    if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
                    if let target = formerURLs[path] ?? formerURLs[path + "/"] {
                        // It still leads there, through a redirect that loses any #anchor.
                        let written = "/" + target + (fragment.map { "#" + percentDecoded($0) } ?? "")
                        diagnostics.append(link.location.warning(
                            Wording("/\(rawPath) is a former URL of /\(target)",
                                    zh: "/\(rawPath) 是 /\(target) 以前的网址"),
                            hint: Wording("link to its page directly: \(written)", zh: "请直接链接到现在的网址：\(written)")))
                        path = target
                    }
                    if unreadable.contains(path.hasSuffix("/") ? path : path + "/") { continue }
                    let isPage = pagePaths.contains(path) || (!path.hasSuffix("/") && pagePaths.contains(path + "/"))
                    if !isPage && !filePaths.contains(path) {
                        let meant = link.isImage ? nil : pageMeant(by: path, from: info)
                        let generic = link.isImage || Self.looksLikeAFile(path)
                            ? Wording("a file is linked by its path under static/: static/files/a.jpg is files/a.jpg; check that it is there and spelt alike",
                                      zh: "链接文件要写它在 static/ 下面的路径：static/files/a.jpg 写成 files/a.jpg；请确认文件在那里，文件名也一字不差")
                            : Wording("check the spelling; pages are at /notices/<slug>/, /qa/<slug>/, /projects/<slug>/, /guides/<slug>/, /<page>/",
                                      zh: "请检查网址有没有写错；各类页面的网址是：通知 /notices/<slug>/，问答 /qa/<slug>/，"
                                          + "项目 /projects/<slug>/，办事指南 /guides/<slug>/，页面 /<page>/")
                        diagnostics.append(link.location.error(
                            Wording("the \(what.english) target /\(rawPath) does not exist in this site",
                                    zh: "\(what.chinese)指向的 /\(rawPath) 在本站不存在"),
                            hint: meant.map { Wording("did you mean /\($0.urlPath) (\($0.title))?", zh: "是不是想链接到 /\($0.urlPath)（\($0.title)）？") }
                                ?? fileMeant(by: path, fragment: fragment.map(percentDecoded)) ?? generic))
                        continue
                    }
                    if let fragment, isPage, !Self.onEveryPage.contains(fragment) {
                        let key = path.hasSuffix("/") || path.isEmpty ? path : path + "/"
                        if let anchors = anchors(key) {
                            if !anchors.contains(percentDecoded(fragment)) {
                                diagnostics.append(link.location.error(
                                    Wording("/\(rawPath) has no heading with the anchor #\(fragment)",
                                            zh: "/\(rawPath) 页面里没有页内锚点是 #\(fragment) 的标题"),
                                    hint: anchorHint(anchors)))
                            }
                        } else {
                            diagnostics.append(link.location.warning(
                                Wording("the anchor #\(fragment) on the generated page /\(rawPath) cannot be checked",
                                        zh: "/\(rawPath) 是网站自动生成的页面，没法检查它有没有页内锚点 #\(fragment)"),
                                hint: Wording("link to the page without #…, or to a notice, Q&A topic, project or page",
                                              zh: "请去掉 #… 只链接到这个页面，或者改为链接到某条通知、问答、项目或页面")))
                        }
                    }
                }
                if link.isImage && !link.hasAltText {
                    diagnostics.append(link.location.warning(
                        Wording("the image has no alt text", zh: "这张图片没有写说明文字"),
                        hint: Wording("describe it for readers who cannot see it: ![湖心公园健康步道](…)",
                                      zh: "请在方括号里写一句图片说明，给看不到图片的读者：![湖心公园健康步道](…)")))
                }
            }
        }
        return diagnostics
    }

    /// What to say of a link to a file that is not there but plainly meant one that is: its
    /// name in other upper and lower case, or a name with # in it (the # began an anchor).
    func fileMeant(by path: String, fragment: String?) -> Wording? {
        if let fragment, filePaths.contains(path + "#" + fragment) {
            return Wording("in a link, # starts an anchor: rename the file without # (\(path)#\(fragment))",
                           zh: "链接里的 # 表示页内位置：请把文件改个不带 # 的名字（\(path)#\(fragment)）")
        }
        let lower = path.lowercased()
        guard let found = filePaths.filter({ $0.lowercased() == lower }).min() else { return nil }
        return Wording("the file is \(found): a file name must match in upper and lower case",
                       zh: "文件名其实是 \(found)：英文字母的大小写也要写得一模一样")
    }

    /// The page a link that leads nowhere was likely meant for: written with the site's own
    /// folder in front (/wenbi/notices/x/, copied from the address bar), by the page's title
    /// (停水通知), or by its slug alone from a page of its section (ting-shui in a notice).
    func pageMeant(by path: String, from info: DocumentInfo) -> DocumentInfo? {
        let bare = path.hasSuffix("/") ? String(path.dropLast()) : path
        var candidates: [String] = []
        if !basePath.isEmpty, path.hasPrefix(basePath) { candidates.append(String(path.dropFirst(basePath.count))) }
        let section = info.urlPath.split(separator: "/").dropLast().joined(separator: "/")
        if !section.isEmpty, !bare.contains("/") { candidates.append(section + "/" + bare) }
        for candidate in candidates {
            let page = candidate.hasSuffix("/") ? candidate : candidate + "/"
            if let document = documentsByPath[page] { return document }
        }
        return bare.isEmpty ? nil : documentsByPath.values.filter { $0.title == bare }.min { $0.urlPath < $1.urlPath }
    }

    private func anchorHint(_ anchors: Set<String>) -> Wording {
        if anchors.isEmpty {
            return Wording("the page has no headings to link to", zh: "页面里没有标题，没有可以链接的页内锚点")
        }
        let listed = anchors.sorted().prefix(6).map { "#" + $0 }
        return Wording("anchors there: " + listed.joined(separator: ", "),
                       zh: "页面里有这些页内锚点：" + listed.joined(separator: "、"))
    }
}
