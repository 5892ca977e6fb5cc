/// Atom feed of the site's notices in force (RFC 4287), newest first.
struct AtomFeed {
    static let entryLimit = 30
    let plan: SitePlan

    func xml() -> String {
        let config = plan.config
        // A notice leaves the feed when it expires, as it leaves the lists (its page stays).
        let entries = plan.notices.lazy.filter { !$0.isExpired(at: self.plan.now) }.prefix(Self.entryLimit)
        // The feed's `updated` is its newest entry's, not the build time, so rebuilding the
        // same content gives the same bytes.
        let updated = entries.map { $0.info.updated ?? $0.date }.max() ?? ChinaTime(epochSeconds: 0)
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(escapeHTML(config.language))\">\n"
        x += "  <id>\(escapeHTML(config.absoluteURL("")))</id>\n"
        x += "  <title>\(escapeHTML(config.name))通知公告</title>\n"
        if let d = config.description { x += "  <subtitle>\(escapeHTML(d))</subtitle>\n" }
        x += "  <updated>\(updated.rfc3339)</updated>\n"
        x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(escapeHTML(config.absoluteURL("feed.xml")))\"/>\n"
        x += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(escapeHTML(config.absoluteURL("notices/")))\"/>\n"
        x += "  <author><name>\(escapeHTML(config.name))</name></author>\n"
        x += "  <generator>Anju</generator>\n"
        for n in entries {
            let link = config.absoluteURL(n.info.urlPath)
            x += "  <entry>\n"
            x += "    <id>\(escapeHTML(link))</id>\n"
            x += "    <title>\(escapeHTML(n.info.title))</title>\n"
            x += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(escapeHTML(link))\"/>\n"
            x += "    <published>\(n.date.rfc3339)</published>\n"
            x += "    <updated>\((n.info.updated ?? n.date).rfc3339)</updated>\n"
            if let issuer = n.issuer { x += "    <author><name>\(escapeHTML(issuer))</name></author>\n" }
            if let category = n.category { x += "    <category term=\"\(escapeHTML(category))\"/>\n" }
            x += "    <summary>\(escapeHTML(n.info.excerpt))</summary>\n"
            x += "    <content type=\"html\">\(escapeHTML(absolutize(body(n.info))))</content>\n"
            x += "  </entry>\n"
        }
        x += "</feed>\n"
        return x
    }

    /// The notice's HTML, its photos as plain `<img>` of their published copies.
    private func body(_ info: DocumentInfo) -> String {
        guard !plan.photos.isEmpty, info.body.links.contains(where: \.isImage) else { return info.body.html }
        return String(decoding: PictureMarkup.feedImages(info.body.htmlUTF8, photos: plan.photos,
                                                         base: plan.config.basePath, origin: ""), as: UTF8.self)
    }

    /// Feed readers resolve links against the feed, not the page: make site links absolute.
    private func absolutize(_ html: String) -> String {
        let origin = plan.config.origin
        let base = plan.config.basePath
        return Self.replacingEvery("src=\"\(base)", with: "src=\"\(origin)\(base)",
                                   in: Self.replacingEvery("href=\"\(base)", with: "href=\"\(origin)\(base)", in: html))
    }

    /// `text` with every `target` replaced, matched byte for byte (the targets are ASCII
    /// attribute prefixes): Foundation's `replacingOccurrences` matches by grapheme
    /// cluster, 100 M instructions for a build's feeds. The two differ only where a target
    /// ends just before a combining mark, which cmark-gfm's `href` and `src` never hold: it
    /// percent-encodes everything outside ASCII in them.
    static func replacingEvery(_ target: String, with replacement: String, in text: String) -> String {
        let target = Array(target.utf8), replacement = Array(replacement.utf8)
        let bytes = Array(text.utf8)
        guard let first = target.first, bytes.count >= target.count else { return text }
        var out: [UInt8] = []
        var copied = 0, i = 0
        while i <= bytes.count - target.count {
            if bytes[i] == first && bytes[i..<(i + target.count)].elementsEqual(target) {
                out.append(contentsOf: bytes[copied..<i])
                out.append(contentsOf: replacement)
                i += target.count
                copied = i
            } else {
                i += 1
            }
        }
        if copied == 0 { return text }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }
}

/// sitemap.xml: every page a search engine should know, with its last change.
struct Sitemap {
    let plan: SitePlan

    func xml() -> String {
        let config = plan.config
        var rows: [(String, ChinaTime?)] = [("", nil), ("notices/", nil), ("qa/", nil), ("projects/", nil), ("guides/", nil), ("jobs/", nil)]
        if plan.grid != nil { rows.append(("grid/", nil)) }
        rows.append(("search/", nil))
        rows += plan.noticeListPages.dropFirst().map { ($0.urlPath, nil) }
        rows += [("notices/archive/", nil), ("publicity/", nil)]
        rows += plan.noticeCategories.map { ($0.urlPath, nil) }
        rows += plan.notices.map { ($0.info.urlPath, $0.info.updated ?? $0.date) }
        rows += plan.qaTopics.map { ($0.info.urlPath, $0.info.updated) }
        rows += plan.projects.map { ($0.info.urlPath, $0.info.updated) }
        rows += plan.guides.map { ($0.info.urlPath, $0.info.updated) }
        rows += plan.jobs.map { ($0.info.urlPath, $0.info.updated ?? $0.date) }
        rows += plan.pages.map { ($0.info.urlPath, $0.info.updated) }
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for (path, lastmod) in rows {
            x += "  <url><loc>\(escapeHTML(config.absoluteURL(path)))</loc>"
            if let lastmod { x += "<lastmod>\(lastmod.dateOnly)</lastmod>" }
            x += "</url>\n"
        }
        return x + "</urlset>\n"
    }
}

import Foundation
