/// `grid.yml`: who looks after each building. A community is divided into grids (网格), each
/// with a grid manager (网格员); each building (幢/栋) belongs to one grid and may have a
/// building manager (楼栋长) and a cadre (包户干部) assigned to its households.
public struct GridDirectory: Sendable {
    public var grids: [Grid]
    /// The file it was read from, for diagnostics and the preview.
    public var path: String

    public var buildings: [Building] { grids.flatMap(\.buildings) }

    /// The page's title and what it is for: its heading, its description, its search entry.
    public static let pageTitle = "网格员与楼栋长"
    public static let pageDescription = "按楼栋查找网格员、楼栋长的姓名和电话"
}

public struct Grid: Sendable {
    /// A number or short code, as the community numbers its grids.
    public var id: String
    public var name: String
    public var manager: Contact?
    /// 居民小组 it serves.
    public var groups: [String]
    public var buildings: [Building]

    /// `grid-1`: the page's anchor for this grid.
    public var anchor: String { "grid-" + id }
}

public struct Building: Sendable {
    /// As residents say it without the measure word: `3` for 3幢/3栋/3号楼; letters, digits
    /// and `-` only, since it is also the page anchor.
    public var id: String
    public var units: Int?
    public var households: Int?
    public var manager: Contact?
    public var cadre: Contact?
    public var line: Int

    /// `3幢`, the form official notices use.
    public var label: String { id + "幢" }

    /// `building-3`: where the grid page shows it.
    public var anchor: String { "building-" + id }
}
