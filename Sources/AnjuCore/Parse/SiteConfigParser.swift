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
            let written = url.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
            diagnostics.append(location.error(
                Wording("base_url must be an absolute URL such as https://wenbi.example.org/, "
                        + "not '\(written)': \(problem.english)",
                        zh: "“base_url”（网站地址）要写完整的网址，例如 https://wenbi.example.org/。现在写的是“\(written)”：\(problem.chinese)"),
                hint: Wording("the address residents open, with https://, a host and an optional folder: https://host.example/wenbi/",
                              zh: "请写居民打开网站用的地址：https:// 加上域名，后面可以再加一层文件夹，例如 https://host.example/wenbi/")))
            baseURL = nil
        }
        let description = fields.string("description")
        let address = fields.string("address")
        var hotline = fields.string("hotline")
        if let text = hotline, PhoneNumber(text) == nil {
            diagnostics.append(fields.location("hotline").error(
                Wording("the hotline '\(text)' is not a phone number",
                        zh: "\(FieldGloss.quoted("hotline"))写的“\(text)”不是电话号码"),
                hint: PhoneNumber.hint))
            hotline = nil
        }
        var shareImage = fields.string("share_image").map(StaticPath.underStatic)
        if let file = shareImage {
            let ext = file.split(separator: ".").last.map { $0.lowercased() } ?? ""
            if !StaticPath.isSafe(file) || !["png", "jpg", "jpeg", "webp"].contains(ext) {
                diagnostics.append(fields.location("share_image").error(
                    Wording("share_image must be a .png or .jpg inside static/, not '\(file)'",
                            zh: "“share_image”（分享时显示的图片）要写 static/ 里的一张 .png 或 .jpg 图片，现在写的是“\(file)”"),
                    hint: Wording("share_image: files/share.png", zh: "例如：share_image: files/share.png")))
                shareImage = nil
            }
        }
        let organizer = fields.string("organizer")
        let icp = fields.string("icp")
        var language = fields.string("language") ?? "zh-CN"
        if !Self.isLanguageTag(language) {
            // 中文, zh_CN, 简体中文 are meant as zh-CN; <html lang="中文"> tells a screen reader nothing.
            diagnostics.append(fields.location("language").error(
                Wording("language must be a language tag such as zh-CN, not '\(language)'",
                        zh: "“language”（网页语言）要写语言代码，例如 zh-CN，现在写的是“\(language)”"),
                hint: Wording("write language: zh-CN (简体中文), or leave the line out",
                              zh: "简体中文请写 language: zh-CN，也可以把这一行删掉")))
            language = "zh-CN"
        }
        let shared = fields.bool("shared") ?? true
        let writtenColor = fields.string("color")
        var color = writtenColor ?? SiteConfig.defaultColor
        if fields.has("color"), writtenColor == nil {
            // color: #8b0000 unquoted is a comment to YAML: the site went default blue, no word said.
            diagnostics.append(fields.location("color").error(
                Wording("color is empty: YAML reads an unquoted # as the start of a comment",
                        zh: "“color”（网站主色）字段是空的：颜色不加引号时，# 和后面的字都会被当作注释"),
                hint: Wording("write it in quotes: color: \"#8b0000\"",
                              zh: "请加上英文双引号：color: \"#8b0000\"")))
        } else if !isHexColor(color) {
            diagnostics.append(fields.location("color").error(
                Wording("color must be a hex colour such as \"#1a5fa8\", not '\(color)'",
                        zh: "“color”（网站主色）要写成 # 加六位十六进制数字的颜色，例如 \"#1a5fa8\"，现在写的是“\(color)”"),
                hint: color.hasPrefix("#")
                    ? Wording("quote it: a bare # starts a YAML comment",
                              zh: "请加上英文双引号：不加引号时，# 和后面的字会被当作注释")
                    : Wording("write the colour as # and six hex digits, in quotes: color: \"#1a5fa8\"",
                              zh: "颜色写成 # 加六位十六进制数字（0–9、a–f），并加上英文双引号：color: \"#1a5fa8\"")))
            color = SiteConfig.defaultColor
        }
        if isHexColor(color), contrastWithWhite(color) < 4.5 {
            let contrast = String(format: "%.1f", contrastWithWhite(color))
            diagnostics.append(fields.location("color").error(
                Wording("color \(color) has a contrast of \(contrast):1 with white text, below 4.5:1",
                        zh: "网站主色 \(color) 和白字的对比度只有 \(contrast):1，低于 4.5:1"),
                hint: Wording("choose a darker colour; the site name and menu are white on it",
                              zh: "请换一个深一些的颜色：站名和菜单是白字，显示在这个颜色上")))
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
    static func baseURLProblem(_ url: String) -> Wording? {
        if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || ($0.value >= 0x7F && $0.value <= 0x9F) }) {
            return Wording("it contains white space or a control character", zh: "地址里有空格或看不见的控制字符")
        }
        let rest: Substring
        if url.lowercased().hasPrefix("https://") { rest = url.dropFirst(8) }
        else if url.lowercased().hasPrefix("http://") { rest = url.dropFirst(7) }
        else { return Wording("it must start with https:// or http://", zh: "地址要以 https:// 或 http:// 开头") }
        if rest.contains("?") || rest.contains("#") { return Wording("it may not have a query (?) or fragment (#)", zh: "地址里不能带“?”或“#”以及它们后面的部分") }
        if rest.contains("\\") || rest.contains("@") { return Wording("it may not contain \\ or @", zh: "地址里不能有“\\”或“@”") }
        let host = rest.prefix { $0 != "/" }
        if host.isEmpty { return Wording("it has no host", zh: "https:// 后面没有写域名") }
        let hostName = host.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        if hostName[0].isEmpty || hostName[0].hasPrefix(".") || hostName[0].hasPrefix("-")
            || !hostName[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) {
            return Wording("the host '\(hostName[0])' is not a host name", zh: "“\(hostName[0])”不是域名")
        }
        if hostName.count == 2, hostName[1].isEmpty || !hostName[1].allSatisfy(\.isASCII) || Int(hostName[1]).map({ !(1...65535).contains($0) }) ?? true {
            return Wording("the port '\(hostName[1])' is not a port number", zh: "端口“\(hostName[1])”不是 1 到 65535 之间的数字")
        }
        let path = rest.dropFirst(host.count)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.dropLast().contains(where: { $0.isEmpty }) { return Wording("its path has an empty segment (//)", zh: "域名后面的部分有连着的两个斜杠“//”") }
        if segments.contains(where: { $0 == ".." || $0 == "." }) { return Wording("its path has a '.' or '..' segment", zh: "域名后面的部分不能有单独的“.”或“..”") }
        // Copied from the address bar on the home page: every URL would start /index.html/….
        if let last = segments.last, last.contains(".") { return Wording("it ends in a file name ('\(last)'), not a folder", zh: "地址最后是文件名“\(last)”，要写到文件夹为止") }
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
