/// A photo a page shows with its text (`image:` in front matter), under static/.
public struct PagePhoto: Sendable, Hashable {
    /// Path under static/: `files/yizhen.jpg`.
    public var file: String
    /// `image: {file: …, alt: 义诊现场}`; nil when the editor gave none.
    public var alt: String?
    public var location: SourceLocation

    /// What a static file must end with to be treated as a photo: resized, stripped, never
    /// published as it is.
    public static let extensions: Set<String> = ["jpg", "jpeg", "png", "webp", "heic", "heif"]

    public static func isPhoto(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: ".") else { return false }
        return extensions.contains(path[path.index(after: dot)...].lowercased())
    }
}

/// A photo as published: the same picture at a few widths, each as WebP and a fallback
/// older browsers show (JPEG, or PNG when the picture has transparent parts).
public struct PublishedPhoto: Sendable, Hashable {
    /// Path under static/ of the source.
    public var file: String
    /// The upright size of the largest variant: the `width` and `height` a page gives the
    /// `<img>`, so the browser keeps its box before the picture arrives.
    public var width: Int
    public var height: Int
    /// Narrowest first.
    public var variants: [PhotoVariant]
    /// Where the source itself is published, stripped, when a page asks for it.
    public var original: String?

    public var largest: PhotoVariant { variants[variants.count - 1] }

    /// The variant whose width is nearest at or above `width`, or the largest.
    public func variant(atLeast width: Int) -> PhotoVariant {
        variants.first { $0.width >= width } ?? largest
    }
}

public struct PhotoVariant: Sendable, Hashable {
    public var width: Int
    public var height: Int
    /// Output paths: `img/3f2a9c1e0b7d4a61-480.webp` and `…-480.jpg`.
    public var webp: String
    public var fallback: String
}
