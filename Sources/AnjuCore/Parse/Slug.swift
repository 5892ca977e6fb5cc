/// Slugs are the last part of a page's URL: `[a-z0-9-]+`, so they are safe in any file
/// system and readable in a shared link.
enum Slug {
    static func isValid(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && !s.hasPrefix("-") && !s.hasSuffix("-")
    }

    /// A site id, the folder name of a site: `[a-z0-9][a-z0-9-]*`.
    static func isSiteID(_ s: String) -> Bool {
        guard let first = s.utf8.first, (first >= 97 && first <= 122) || (first >= 48 && first <= 57) else { return false }
        return s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 } && s.utf8.count <= 64
    }

    /// Names notices may not take: the list's own pages live beside them.
    static let reservedForNotices: Set<String> = ["archive", "category", "page"]

    /// Names free pages may not take: they are the site's own folders and files.
    static let reservedForPages: Set<String> = ["notices", "qa", "projects", "guides", "jobs", "grid", "publicity",
                                               "search", "assets", "feed-xml",
                                               "sitemap-xml", "robots-txt", "404", "index"]
}

/// A path under `static/` as written in front matter: relative, with no `..`, no `\`.
enum StaticPath {
    /// A path as written in a field, read as the path under static/ it names: the file's
    /// address on the site (/files/a.pdf) or its path from the page's file, as a body's link
    /// writes it (../static/files/a.pdf), both mean files/a.pdf.
    /// A path that would still leave static/ is returned as written, for the refusal to quote.
    static func underStatic(_ written: String) -> String {
        var path = Substring(written)
        while path.hasPrefix("../") { path = path.dropFirst(3) }
        let read: String
        if path.hasPrefix("static/") {
            read = String(path.dropFirst("static/".count))
        } else if path.count < written.count {
            return written // ../ not into static/
        } else {
            read = String(path.drop { $0 == "/" })
        }
        return isSafe(read) ? read : written
    }

    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false)
            .contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }

    /// What an editor is told of a path `isSafe` refused; `what` names it ("the image path").
    /// A path copied from Windows' Explorer (files\a.pdf) is told its '/' spelling.
    static func refusal(_ path: String, what: Wording, example: String) -> (message: Wording, hint: Wording) {
        let slashed = path.replacingOccurrences(of: "\\", with: "/")
        if slashed != path, isSafe(slashed) {
            return (Wording("\(what.english) '\(path)' is written with '\\' as Windows shows it; paths here use '/'",
                            zh: "\(what.chinese)“\(path)”用的是反斜杠“\\”（Windows 文件夹里的写法），这里要用“/”"),
                    Wording("write \(slashed)", zh: "请写成：\(slashed)"))
        }
        return (Wording("\(what.english) '\(path)' leaves the site's static/ folder",
                        zh: "\(what.chinese)“\(path)”不在站点的 static/ 文件夹里面"),
                Wording("give the path inside static/, e.g. \(example)",
                        zh: "请写 static/ 文件夹里面的路径，例如 \(example)"))
    }
}
