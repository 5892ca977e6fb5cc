import Foundation

/// Reads `site.yml` into `SiteConfig`.
enum SiteConfigParser {
    static let knownFields: Set<String> = ["name", "base_url", "description", "address", "hotline",
                                          "language", "shared", "color", "organizer", "icp", "share_image"]

    /// `baseURLOverride` is `--base-url`, which wins over the file.
    static func parse(id: String, path: String, bytes: [UInt8], baseURLOverride: String?) -> (SiteConfig?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let text: String
        switch SourceText.decode(bytes, path: path) {
        case .success(let t): text = t
        case .failure(let d): return (nil, [d])
        }
        guard var fields = FrontMatterFields(yaml: text, path: path, firstLine: 1, diagnostics: &diagnostics) else {
            return (nil, diagnostics)
        }
        let name = fields.string("name", required: "文笔社区")
        var baseURL: String?
        if let override = baseURLOverride {
            baseURL = override
        } else {
            baseURL = fields.string("base_url", required: "https://wenbi.example.org/")
        }
        if let url = baseURL, !(url.hasPrefix("https://") || url.hasPrefix("http://"))
            || url.dropFirst(url.hasPrefix("https://") ? 8 : 7).isEmpty || url.contains(" ") {
            let location = baseURLOverride == nil ? fields.location("base_url") : SourceLocation(path: path)
            diagnostics.append(location.error("base_url must be an absolute URL such as https://wenbi.example.org/, not '\(url)'"))
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
        let organizer = fields.string("organizer")
        let icp = fields.string("icp")
        let language = fields.string("language") ?? "zh-CN"
        let shared = fields.bool("shared") ?? true
        var color = fields.string("color") ?? SiteConfig.defaultColor
        if !isHexColor(color) {
            diagnostics.append(fields.location("color").error("color must be a hex colour such as \"#1a5fa8\", not '\(color)'",
                hint: "quote it: a bare # starts a YAML comment"))
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
        let normalized = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        return (SiteConfig(id: id, name: name, baseURL: normalized, description: description, address: address,
                           hotline: hotline, language: language, includeShared: shared, color: color,
                           organizer: organizer, icp: icp), diagnostics)
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
