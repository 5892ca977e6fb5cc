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
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false)
            .contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }
}
