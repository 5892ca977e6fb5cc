/// A published photo as HTML: `<picture>` with a WebP `srcset`, its fallback, the size of
/// its box (no layout shift while it loads) and lazy loading below the first screen.
enum PictureMarkup {
    /// The width a picture takes on the page: the screen on a phone, the text column (46rem
    /// of 18px) beyond. On screens of 2.5 pixels per CSS pixel and more (a 1080p phone), the
    /// browser is told two-thirds of the screen, so it fetches the 960 variant instead of the
    /// 1600 one: twice the bytes on a resident's mobile data for a difference few can see.
    static let pageSizes = "(max-width: 828px) and (min-resolution: 2.5dppx) 67vw, (max-width: 828px) 100vw, 828px"
    /// A thumbnail in a list: 6rem, up to 8rem in the largest text size.
    static let thumbnailSizes = "144px"

    static func html(_ photo: PublishedPhoto, alt: String, title: String? = nil, base: String, eager: Bool,
                     sizes: String = pageSizes, linkOriginal: Bool = false) -> String {
        func srcset(_ path: KeyPath<PhotoVariant, String>) -> String {
            photo.variants.map { escapeHTML(base + $0[keyPath: path]) + " \($0.width)w" }.joined(separator: ", ")
        }
        let fallback = photo.variant(atLeast: 960).fallback
        var html = "<picture><source type=\"image/webp\" srcset=\"\(srcset(\.webp))\" sizes=\"\(sizes)\">"
        html += "<img src=\"\(escapeHTML(base + fallback))\" srcset=\"\(srcset(\.fallback))\" sizes=\"\(sizes)\""
        html += " width=\"\(photo.width)\" height=\"\(photo.height)\" alt=\"\(escapeHTML(alt))\""
        if let title { html += " title=\"\(escapeHTML(title))\"" }
        html += eager ? " fetchpriority=\"high\" decoding=\"async\">" : " loading=\"lazy\" decoding=\"async\">"
        html += "</picture>"
        if linkOriginal, let original = photo.original {
            html = "<a class=\"photo-original\" href=\"\(escapeHTML(base + PageContext.encodedPath(original)))\" title=\"查看原图\">" + html + "</a>"
        }
        return html
    }

    /// Body HTML with every `<img>` cmark-gfm wrote for a published photo replaced by its
    /// `<picture>`. Editors' own HTML never reaches the body (it is turned into text), so
    /// every `<img` here is cmark's, in its one shape: `<img src="…" alt="…"[ title="…"] />`.
    /// The first picture near the top loads at once when `firstMayBeEager`.
    static func rewrite(_ html: [UInt8], photos: [String: PublishedPhoto], base: String,
                        firstMayBeEager: Bool, linkOriginals: Bool) -> [UInt8] {
        replacingImages(in: html, photos: photos, base: base) { photo, alt, title, index, offset in
            Self.html(photo, alt: alt, title: title, base: base, eager: firstMayBeEager && index == 0 && offset < 2000,
                      linkOriginal: linkOriginals)
        }
    }

    /// For the feed: each photo as one `<img>` of its 960-pixel JPEG at an absolute URL, which
    /// every feed reader shows.
    static func feedImages(_ html: [UInt8], photos: [String: PublishedPhoto], base: String, origin: String) -> [UInt8] {
        replacingImages(in: html, photos: photos, base: base) { photo, alt, title, _, _ in
            let v = photo.variant(atLeast: 960)
            return "<img src=\"\(escapeHTML(origin + base + v.fallback))\" width=\"\(v.width)\" height=\"\(v.height)\" alt=\"\(escapeHTML(alt))\""
                + (title.map { " title=\"\(escapeHTML($0))\"" } ?? "") + " />"
        }
    }

    /// Calls `replacement` for each `<img>` of a published photo with the photo, its alt
    /// text and title (unescaped), its number among them and where its tag starts.
    private static func replacingImages(in html: [UInt8], photos: [String: PublishedPhoto], base: String,
                                        _ replacement: (PublishedPhoto, String, String?, Int, Int) -> String) -> [UInt8] {
        let open = Array("<img src=\"".utf8)
        var out: [UInt8] = []
        var done = 0
        var i = 0
        var pictures = 0
        while let start = find(open, in: html, from: i) {
            i = start + open.count
            guard let srcEnd = html[i...].firstIndex(of: 0x22) else { break }
            let src = String(decoding: html[i..<srcEnd], as: UTF8.self)
            var j = srcEnd + 1
            guard let alt = attribute(" alt=\"", in: html, at: &j) else { continue }
            let title = attribute(" title=\"", in: html, at: &j)
            let close = Array(" />".utf8)
            guard j + close.count <= html.count, Array(html[j..<(j + close.count)]) == close else { continue }
            guard let photo = photos[staticPath(src, base: base)] else { continue }
            out += html[done..<start]
            out += Array(replacement(photo, unescape(alt), title.map(unescape), pictures, start).utf8)
            pictures += 1
            done = j + close.count
            i = done
        }
        guard done > 0 else { return html }
        out += html[done...]
        return out
    }

    /// Reads ` name="value"` at `index`, moving past it.
    private static func attribute(_ prefix: String, in html: [UInt8], at index: inout Int) -> String? {
        let p = Array(prefix.utf8)
        guard index + p.count <= html.count, Array(html[index..<(index + p.count)]) == p else { return nil }
        let valueStart = index + p.count
        guard let end = html[valueStart...].firstIndex(of: 0x22) else { return nil }
        index = end + 1
        return String(decoding: html[valueStart..<end], as: UTF8.self)
    }

    /// `/wenbi/files/%E4%B9%89.jpg` → `files/义.jpg`, the key photos are published under.
    static func staticPath(_ src: String, base: String) -> String {
        var path = unescape(src)
        if path.hasPrefix(base) { path.removeFirst(base.count) } else if path.hasPrefix("/") { path.removeFirst() }
        return percentDecoded(path)
    }

    /// The five entities escapeHTML writes, back to characters.
    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
