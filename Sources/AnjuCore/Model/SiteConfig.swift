/// `site.yml`: one community site's settings.
public struct SiteConfig: Sendable {
    public var id: String
    public var name: String
    /// Absolute, always ending in `/`.
    public var baseURL: String
    public var description: String?
    public var address: String?
    public var hotline: String?
    public var language: String
    public var includeShared: Bool
    /// The site's one main colour (`#1a5fa8`), used by the theme.
    public var color: String

    public static let defaultColor = "#1a5fa8"

    /// The path part of `baseURL`, always starting and ending in `/`: `/` or `/wenbi/`.
    public var basePath: String {
        guard let schemeEnd = baseURL.range(of: "://") else { return "/" }
        let rest = baseURL[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = String(rest[slash...])
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// `https://host.example` with no trailing slash and no path.
    public var origin: String {
        guard let schemeEnd = baseURL.range(of: "://") else { return baseURL }
        let rest = baseURL[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return baseURL }
        return String(baseURL[..<slash])
    }

    /// Absolute URL of a site path such as `notices/x/`.
    public func absoluteURL(_ path: String) -> String { origin + basePath + path }
}
