import AnjuKernels

/// `grid.yml`: who looks after each building. A community is divided into grids (网格), each
/// with a grid manager (网格员); each building (幢/栋) belongs to one grid and may have a
/// building manager (楼栋长) and a cadre (包户干部) assigned to its households.
public struct GridDirectory: Sendable {
    public var grids: [Grid]
    /// The file it was read from, for diagnostics and the preview.
    public var path: String

    public var buildings: [Building] { grids.flatMap(\.buildings) }

    /// The roles the directory names, as its page's title says them: 网格员 always, 楼栋长 and
    /// 包户干部 when some building has one (a title naming 楼栋长 over a list with none sent
    /// residents looking for theirs).
    var roles: [String] {
        ["网格员"] + (buildings.contains { $0.manager != nil } ? ["楼栋长"] : [])
            + (buildings.contains { $0.cadre != nil } ? ["包户干部"] : [])
    }

    /// The page's title and what it is for: its heading, its description, its search entry.
    public var pageTitle: String {
        roles.count == 1 ? roles[0] : roles.dropLast().joined(separator: "、") + "与" + roles[roles.count - 1]
    }
    public var pageDescription: String { "按楼栋查找\(roles.joined(separator: "、"))的姓名和电话" }

    /// The directory with its buildings named as `texts` (notices' titles and areas) name
    /// buildings most: 栋 where they say 栋 more than 幢, else 幢, the official form.
    func namingBuildings(as texts: [String]) -> GridDirectory {
        var count = (dong: 0, zhuang: 0)
        for text in texts {
            for c in text.unicodeScalars where c == "栋" || c == "幢" {
                if c == "栋" { count.dong += 1 } else { count.zhuang += 1 }
            }
        }
        guard count.dong > count.zhuang else { return self }
        var named = self
        for g in named.grids.indices {
            for b in named.grids[g].buildings.indices { named.grids[g].buildings[b].measureWord = "栋" }
        }
        return named
    }
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

    /// The numbers of the groups it serves, however grid.yml writes them (7, 7组, 第七组, 八组).
    public var groupNumbers: [Int] { groups.compactMap(Self.groupNumber) }

    static func groupNumber(_ id: String) -> Int? {
        if let n = Int(id) { return n > 0 && n <= CountedPlaceScan.largestNumber ? n : nil }
        let said = id.hasSuffix("组") ? id : id + "组"
        let found = CountedPlaceScan.places(in: said, largestRange: 1)
        return found.count == 1 && found[0].0 == .group ? found[0].1 : nil
    }
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

    /// 幢 or 栋, as the site's notices name buildings (`GridDirectory.namingBuildings`).
    public var measureWord = "幢"

    /// `3幢`, or `3栋` where the site's notices say 栋.
    public var label: String { id + measureWord }

    /// `building-3`: where the grid page shows it.
    public var anchor: String { "building-" + id }
}
