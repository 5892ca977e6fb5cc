import Foundation

/// Reads `site.yml` into `SiteConfig`.
enum SiteConfigParser {
    static let knownFields: Set<String> = ["name", "base_url", "description", "address", "hotline",
                                          "language", "shared", "color", "organizer", "icp", "share_image"]

    /// `baseURLOverride` is `--base-url`, which wins over the file.
    static func parse(id: String, path: String, bytes: [UInt8], baseURLOverride: String?) -> (SiteConfig?, [Diagnostic]) {
        var (opened, diagnostics) = FrontMatterFields.file(bytes: bytes, path: path)
        guard var fields = opened else { return (nil, diagnostics) }
        let name = fields.string("name", required: "文笔社区")
        var baseURL: String?
        var published: String?
        if let override = baseURLOverride {
            baseURL = override
            published = fields.string("base_url").flatMap { Self.baseURLProblem($0) == nil ? Self.withSlash($0) : nil }
        } else {
            baseURL = fields.string("base_url", required: "https://wenbi.example.org/")
        }
        if let url = baseURL, let problem = Self.baseURLProblem(url) {
            let location = baseURLOverride == nil ? fields.location("base_url") : SourceLocation(path: path)
            diagnostics.append(location.error("base_url must be an absolute URL such as https://wenbi.example.org/, "
                + "not '\(url.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())': \(problem)",
                hint: "the address residents open, with https://, a host and an optional folder: https://host.example/wenbi/"))
            baseURL = nil
        }
        let description = fields.string("description")
        let address = fields.string("address")
        var hotline = fields.string("hotline")
        if let text = hotline, PhoneNumber(text) == nil {
            diagnostics.append(fields.location("hotline").error("the hotline '\(text)' is not a phone number",
                                                                hint: PhoneNumber.hint))
            hotline = nil
        }
        var shareImage = fields.string("share_image")
        if let file = shareImage {
            let ext = file.split(separator: ".").last.map { $0.lowercased() } ?? ""
            if !StaticPath.isSafe(file) || !["png", "jpg", "jpeg", "webp"].contains(ext) {
                diagnostics.append(fields.location("share_image").error("share_image must be a .png or .jpg inside static/, not '\(file)'",
                    hint: "share_image: files/share.png"))
                shareImage = nil
            }
        }
        let organizer = fields.string("organizer")
        let icp = fields.string("icp")
        var language = fields.string("language") ?? "zh-CN"
        if !Self.isLanguageTag(language) {
            // 中文, zh_CN, 简体中文 are meant as zh-CN; <html lang="中文"> tells a screen reader nothing.
            diagnostics.append(fields.location("language").error("language must be a language tag such as zh-CN, not '\(language)'",
                hint: "write language: zh-CN (简体中文), or leave the line out"))
            language = "zh-CN"
        }
        let shared = fields.bool("shared") ?? true
        let writtenColor = fields.string("color")
        var color = writtenColor ?? SiteConfig.defaultColor
        if fields.has("color"), writtenColor == nil {
            // color: #8b0000 unquoted is a comment to YAML: the site went default blue, no word said.
            diagnostics.append(fields.location("color").error("color is empty: YAML reads an unquoted # as the start of a comment",
                hint: "write it in quotes: color: \"#8b0000\""))
        } else if !isHexColor(color) {
            diagnostics.append(fields.location("color").error("color must be a hex colour such as \"#1a5fa8\", not '\(color)'",
                hint: color.hasPrefix("#") ? "quote it: a bare # starts a YAML comment" : "write the colour as # and six hex digits, in quotes: color: \"#1a5fa8\""))
            color = SiteConfig.defaultColor
        }
        if isHexColor(color), contrastWithWhite(color) < 4.5 {
            diagnostics.append(fields.location("color").error(
                "color \(color) has a contrast of \(String(format: "%.1f", contrastWithWhite(color))):1 with white text, below 4.5:1",
                hint: "choose a darker colour; the site name and menu are white on it"))
        }
        fields.warnUnknownFields(known: knownFields)
        diagnostics += fields.diagnostics
        guard let name, let baseURL else { return (nil, diagnostics) }
        let normalized = Self.withSlash(baseURL)
        var config = SiteConfig(id: id, name: name, baseURL: normalized, description: description, address: address,
                                hotline: hotline, language: language, includeShared: shared, color: color,
                                organizer: organizer, icp: icp)
        config.shareImage = shareImage
        config.publishedBaseURL = published
        config.baseURLLine = fields.location("base_url").line
        config.shareImageLine = fields.location("share_image").line
        return (config, diagnostics)
    }

    static func withSlash(_ url: String) -> String { url.hasSuffix("/") ? url : url + "/" }

    /// Why `url` cannot be a site's base URL, or nil when it can. Everything a page, the
    /// feed, robots.txt and the QR codes print after it must stay inside it: no white space
    /// or control characters (a newline would add lines to robots.txt), no query or fragment,
    /// no empty or `..` path segment (`https://h//wenbi/` would make `//wenbi/…` a host).
    static func baseURLProblem(_ url: String) -> String? {
        if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || ($0.value >= 0x7F && $0.value <= 0x9F) }) {
            return "it contains white space or a control character"
        }
        let rest: Substring
        if url.lowercased().hasPrefix("https://") { rest = url.dropFirst(8) }
        else if url.lowercased().hasPrefix("http://") { rest = url.dropFirst(7) }
        else { return "it must start with https:// or http://" }
        if rest.contains("?") || rest.contains("#") { return "it may not have a query (?) or fragment (#)" }
        if rest.contains("\\") || rest.contains("@") { return "it may not contain \\ or @" }
        let host = rest.prefix { $0 != "/" }
        if host.isEmpty { return "it has no host" }
        let hostName = host.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        if hostName[0].isEmpty || hostName[0].hasPrefix(".") || hostName[0].hasPrefix("-")
            || !hostName[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) {
            return "the host '\(hostName[0])' is not a host name"
        }
        if hostName.count == 2, hostName[1].isEmpty || !hostName[1].allSatisfy(\.isASCII) || Int(hostName[1]).map({ !(1...65535).contains($0) }) ?? true {
            return "the port '\(hostName[1])' is not a port number"
        }
        let path = rest.dropFirst(host.count)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.dropLast().contains(where: { $0.isEmpty }) { return "its path has an empty segment (//)" }
        if segments.contains(where: { $0 == ".." || $0 == "." }) { return "its path has a '.' or '..' segment" }
        // Copied from the address bar on the home page: every URL would start /index.html/….
        if let last = segments.last, last.contains(".") { return "it ends in a file name ('\(last)'), not a folder" }
        return nil
    }

    /// A BCP 47 tag as pages use it: zh-CN, zh-Hans, en.
    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// WCAG 2 contrast ratio between the colour and white.
    static func contrastWithWhite(_ hex: String) -> Double {
        var digits = Array(hex.dropFirst())
        if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
        let value = Int(String(digits), radix: 16) ?? 0
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
        return 1.05 / (luminance + 0.05)
    }

    static func isHexColor(_ s: String) -> Bool {
        let digits = s.dropFirst()
        return s.first == "#" && (digits.count == 6 || digits.count == 3) && digits.allSatisfy(\.isHexDigit)
    }
}
