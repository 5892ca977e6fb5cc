/// Turns the URL an editor wrote into the URL the page links to, and says what it targets.
///
/// `/qa/buchang/` → `<base path>qa/buchang/`; `../qa/buchang.md#问` → the topic's URL with
/// the fragment; `../static/files/a.pdf` → the static file's URL. Anything that cannot point
/// into the site is marked broken so the plan stage reports it at the link's line.
struct LinkResolver: Sendable {
    var basePath: String
    /// Content path (`wenbi/qa/buchang.md`) → URL path (`qa/buchang/`) of every built document.
    var urlByContentPath: [String: String]
    /// Documents that exist but are not built (drafts, scheduled notices and jobs).
    var unpublished: UnpublishedDocuments
    /// The folder of the linking file, relative to the content root: `wenbi/notices`.
    var directory: String
    /// The site being built: a link into another site's static/ folder is broken.
    var siteID: String
    /// The site's own addresses (`SiteConfig.ownURLs`): a link under one is checked as a
    /// link within the site, and written relative to its root.
    var siteURLs: [String] = []

    func resolve(_ url: String) -> (url: String, target: LinkReference.Target?) {
        if url.isEmpty { return (url, BrokenLink.noTarget.target) }
        if Self.isOnTheWritersComputer(url) {
            // files\a.pdf, ..\qa\buchang.md: a path of the site, spelled as Explorer shows it.
            let slashed = url.replacingOccurrences(of: "\\", with: "/")
            if slashed != url, !Self.isOnTheWritersComputer(slashed), !slashed.hasPrefix("//") {
                return ("", BrokenLink.writtenWithBackslashes(url: url, slashed: slashed).target)
            }
            return ("", BrokenLink.onTheWritersComputer(url: url).target)
        }
        if let scheme = Self.dangerousScheme(url) {
            return ("", BrokenLink.dangerousScheme(scheme).target)
        }
        if url.hasPrefix("//") || Self.hasScheme(url) {
            // Copied from the address bar: https://wenbi.example.org/notices/x/ is /notices/x/,
            // checked like one (it led nowhere unnoticed when the notice was renamed).
            if let path = Self.path(of: url, under: siteURLs) { return resolve(path) }
            return (url, .external(url))
        }
        let (beforeFragment, fragment) = Self.splitFragment(url)
        let pathPart = beforeFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            .first.map(String.init) ?? ""
        if pathPart.isEmpty {
            if beforeFragment.isEmpty, let fragment { return (url, .samePage(fragment: fragment)) }
            return (url, nil)
        }
        let suffix = url.dropFirst(pathPart.count)
        if pathPart.hasPrefix("/") {
            // `/qa/../notices/x/` is where a browser would go.
            guard let normalized = Self.normalize(String(pathPart.dropFirst())) else {
                return (url, BrokenLink.aboveTheRoot(url: url).target)
            }
            let sitePath = normalized + (pathPart.hasSuffix("/") && !normalized.isEmpty ? "/" : "")
            let page = sitePath.hasSuffix("index.html") ? String(sitePath.dropLast("index.html".count)) : sitePath
            if let day = unpublished.scheduledURLs[page] ?? unpublished.scheduledURLs[page + "/"] {
                return ("", .notYetPublished(url: url, on: day))
            }
            return (basePath + sitePath + suffix, .internalPath(sitePath, fragment: fragment))
        }
        // Relative: resolved against the linking file's folder in content/. Editors' tools
        // percent-encode Chinese file names (%E8%A1%A5…).
        guard let resolved = Self.normalize(directory + "/" + percentDecoded(pathPart)) else {
            return (url, BrokenLink.outOfContent(url: url).target)
        }
        if resolved.hasSuffix(".md") {
            // A site's copy of a shared file (made to override it) keeps its links to the
            // shared files beside the original: wenbi/qa/x.md also means _shared/qa/x.md.
            var resolved = resolved
            if urlByContentPath[resolved] == nil, !unpublished.paths.contains(resolved) {
                let parts = resolved.split(separator: "/", maxSplits: 1)
                if parts.count == 2, parts[0] == siteID, urlByContentPath[ContentLoader.sharedFolder + "/" + parts[1]] != nil {
                    resolved = ContentLoader.sharedFolder + "/" + parts[1]
                }
            }
            if let target = urlByContentPath[resolved] {
                return (basePath + target + (fragment.map { "#" + $0 } ?? ""), .internalPath(target, fragment: fragment))
            }
            if let day = unpublished.scheduled[resolved] { return ("", .notYetPublished(url: url, on: day)) }
            if unpublished.paths.contains(resolved) {
                return (url, BrokenLink.unpublished(url: url).target)
            }
            return (url, BrokenLink.missing(url: url, resolved: resolved).target)
        }
        // `<site or _shared>/static/…` is the static file's URL.
        let parts = resolved.split(separator: "/", maxSplits: 2).map(String.init)
        if parts.count == 3, parts[1] == "static", parts[0] == siteID || parts[0] == ContentLoader.sharedFolder {
            return (basePath + parts[2] + suffix, .internalPath(parts[2], fragment: fragment))
        }
        // files/baoming.pdf written in a notice means the site's files/baoming.pdf, as an
        // attachment's path does (and as the hint for a link in Chinese brackets writes it):
        // nothing else can live under a section's folder.
        if !pathPart.hasPrefix("."), let normalized = Self.normalize(pathPart) {
            let sitePath = normalized + (pathPart.hasSuffix("/") && !normalized.isEmpty ? "/" : "")
            return (basePath + sitePath + suffix, .internalPath(sitePath, fragment: fragment))
        }
        return (url, BrokenLink.neitherPageNorFile(url: url).target)
    }

    /// `javascript:`, `vbscript:`, `data:` and `file:`, however cased or padded: what browsers
    /// would run or open locally. cmark-gfm drops such a URL silently; editors are told.
    static func dangerousScheme(_ url: String) -> String? {
        let letters = url.lowercased().unicodeScalars.filter { $0.value > 0x20 }.prefix(12)
        let head = String(String.UnicodeScalarView(letters))
        return ["javascript:", "vbscript:", "data:", "file:"].first { head.hasPrefix($0) }
    }

    /// A path pasted from Windows' Explorer or a file: URL (C:\Users\…\报名表.pdf,
    /// file:///C:/…, \\server\share): taken for a link with the scheme "c:" before, and
    /// published leading nowhere. A backslash belongs in no URL a site links to.
    static func isOnTheWritersComputer(_ url: String) -> Bool {
        // By byte: every link of every page passes here.
        let bytes = url.utf8.drop { $0 == 0x20 }
        if bytes.contains(0x5C) { return true } // a backslash
        let head = Array(bytes.prefix(5))
        if head.count == 5, head.map({ $0 | 0x20 }) == Array("file:".utf8) { return true }
        guard head.count >= 3 else { return false }
        let letter = head[0] | 0x20
        return letter >= 0x61 && letter <= 0x7A && head[1] == 0x3A && head[2] == 0x2F // C:/
    }

    /// `url` as a path from the site's root when it lies under one of `bases` (http or
    /// https alike, the host in any case), else nil.
    static func path(of url: String, under bases: [String]) -> String? {
        func comparable(_ s: String) -> String {
            let lower = s.lowercased()
            return lower.hasPrefix("http://") ? "https://" + lower.dropFirst(7) : lower
        }
        let written = comparable(url)
        for base in bases {
            let b = comparable(base)
            if written.hasPrefix(b) { return "/" + url.suffix(written.count - b.count) }
            if written == String(b.dropLast()) { return "/" }
        }
        return nil
    }

    static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    static func splitFragment(_ url: String) -> (String, String?) {
        guard let hash = url.firstIndex(of: "#") else { return (url, nil) }
        return (String(url[..<hash]), String(url[url.index(after: hash)...]))
    }

    /// Resolves `.` and `..`; nil when `..` climbs above the root.
    static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}

/// The documents a build leaves out, by content path: drafts and those scheduled for later,
/// which a link may name (the scheduled with the day they appear, also by their URL path).
struct UnpublishedDocuments: Sendable {
    var paths: Set<String> = []
    /// The scheduled ones' days as pages show them (2026-12-10 10:00), by content path and
    /// by URL path.
    var scheduled: [String: String] = [:]
    var scheduledURLs: [String: String] = [:]
}

/// Why a link leads nowhere, said in both languages.
enum BrokenLink {
    case noTarget
    case onTheWritersComputer(url: String)
    case writtenWithBackslashes(url: String, slashed: String)
    case dangerousScheme(String)
    case aboveTheRoot(url: String)
    case outOfContent(url: String)
    case unpublished(url: String)
    case missing(url: String, resolved: String)
    case neitherPageNorFile(url: String)

    var target: LinkReference.Target { .broken(wording) }

    var wording: Wording {
        switch self {
        case .noTarget:
            Wording("the link has no target", zh: "这个链接没有写链接地址")
        case .onTheWritersComputer(let url):
            Wording("the link '\(url)' is a file on the computer it was written on, which readers cannot open; "
                        + "copy the file into the site's static/files/ folder and link to files/<its name>",
                    zh: "链接“\(url)”指向写稿那台电脑上的文件，居民打不开；"
                        + "请把文件复制到本站的 static/files/ 文件夹里，再链接到 files/<文件名>")
        case .writtenWithBackslashes(let url, let slashed):
            Wording("the link '\(url)' is written with '\\' as Windows shows paths; links use '/': \(slashed)",
                    zh: "链接“\(url)”用的是反斜杠“\\”（Windows 文件夹里的写法），链接要用“/”：\(slashed)")
        case .dangerousScheme(let scheme):
            Wording("a \(scheme) link runs code or embeds data in the reader's browser and is not allowed",
                    zh: "以 \(scheme) 开头的链接会在读者的浏览器里运行代码或嵌入数据，不能使用")
        case .aboveTheRoot(let url):
            Wording("the link '\(url)' climbs above the site's root",
                    zh: "链接“\(url)”里的 ../ 太多，超出了网站的最上一层")
        case .outOfContent(let url):
            Wording("the link '\(url)' leaves the content folder",
                    zh: "链接“\(url)”里的 ../ 太多，指到了 content 文件夹外面")
        case .unpublished(let url):
            Wording("the link '\(url)' points to a draft (draft: true)",
                    zh: "链接“\(url)”指向的是草稿（draft: true）")
        case .missing(let url, let resolved):
            Wording("the link '\(url)' points to \(resolved), which does not exist",
                    zh: "链接“\(url)”指向 \(resolved)，但没有这个文件")
        case .neitherPageNorFile(let url):
            Wording("the relative link '\(url)' does not point to a .md file or a file in static/",
                    zh: "链接“\(url)”指向的既不是 .md 文件，也不是 static/ 里的文件")
        }
    }
}

/// Decodes `%E8%A1%A5` in a fragment so `#补偿` and its encoded form compare equal.
func percentDecoded(_ s: String) -> String {
    guard s.contains("%") else { return s }
    var bytes: [UInt8] = []
    var it = Array(s.utf8)[...]
    while let b = it.popFirst() {
        if b == 37, it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
            bytes.append(v)
            it = it.dropFirst(2)
        } else {
            bytes.append(b)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
