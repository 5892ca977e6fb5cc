/// `site.yml`: one community site's settings.
public struct SiteConfig: Sendable {
    public var id: String
    public var name: String
    /// Absolute, always ending in `/`.
    public var baseURL: String {
        didSet { (basePath, origin) = Self.split(baseURL) }
    }
    public var description: String?
    public var address: String?
    public var hotline: String?
    public var language: String
    public var includeShared: Bool
    /// The site's one main colour (`#1a5fa8`), used by the theme.
    public var color: String
    /// 主办单位 and ICP 备案号, shown in every footer as Chinese government portals must.
    public var organizer: String?
    public var icp: String?
    /// `share_image`: a picture under static/ that apps show when a page is shared, and the
    /// line it is named on; without one a card is drawn from the name and colour.
    public var shareImage: String?
    public var shareImageLine: Int = 1
    /// base_url as site.yml gives it, when `--base-url` replaced it for this build: links an
    /// editor copied from the published site's address bar name it.
    public var publishedBaseURL: String?
    /// The line base_url is written on in site.yml.
    public var baseURLLine = 1

    /// Where this site's own pages live on the web: a link under one of them is a link
    /// within the site.
    public var ownURLs: [String] { [baseURL] + (publishedBaseURL.map { [$0] } ?? []) }

    public static let defaultColor = "#1a5fa8"

    /// The path part of `baseURL`, always starting and ending in `/`: `/` or `/wenbi/`.
    /// Kept, not recomputed: every link of every page starts with it.
    public private(set) var basePath: String
    /// `https://host.example` with no trailing slash and no path.
    public private(set) var origin: String

    public init(id: String, name: String, baseURL: String, description: String?, address: String?, hotline: String?,
                language: String, includeShared: Bool, color: String, organizer: String? = nil, icp: String? = nil) {
        self.id = id
        self.name = name
        self.baseURL = baseURL
        (basePath, origin) = Self.split(baseURL)
        self.description = description
        self.address = address
        self.hotline = hotline
        self.language = language
        self.includeShared = includeShared
        self.color = color
        self.organizer = organizer
        self.icp = icp
    }

    static func split(_ baseURL: String) -> (path: String, origin: String) {
        guard let schemeEnd = baseURL.range(of: "://") else { return ("/", baseURL) }
        let rest = baseURL[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return ("/", baseURL) }
        let path = String(rest[slash...])
        return (path.hasSuffix("/") ? path : path + "/", String(baseURL[..<slash]))
    }

    /// Absolute URL of a site path such as `notices/x/`.
    public func absoluteURL(_ path: String) -> String { origin + basePath + path }
}
