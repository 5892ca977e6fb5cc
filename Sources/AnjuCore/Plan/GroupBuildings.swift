import AnjuKernels

/// The buildings of the residents' groups a window's area names, from the grid directory:
/// 第1至第4居民小组 is 1至12幢 there. Residents know their building; a notice says groups.
struct GroupBuildings {
    let buildingsOfGroup: [Int: [String]]

    init(_ grid: GridDirectory?) {
        var map: [Int: [String]] = [:]
        for g in grid?.grids ?? [] {
            for group in g.groupNumbers { map[group, default: []] += g.buildings.map(\.id) }
        }
        buildingsOfGroup = map
    }

    /// More buildings than this are not written out: the area says enough.
    static let mostShown = 40

    /// The window with its area's buildings after it.
    func shown(_ w: ScheduleWindow) -> ScheduleWindow {
        var w = w
        if let area = w.area, let suffix = suffix(for: area) { w.area = area + suffix }
        return w
    }

    /// `（1至12幢）` for an area naming groups and no building, every group's buildings known;
    /// nil otherwise (an area of buildings already says them).
    func suffix(for area: String) -> String? {
        guard let ids = buildings(in: area), ids.count <= Self.mostShown else { return nil }
        return "（" + Self.spans(ids) + "幢）"
    }

    /// The buildings, in order, of the groups `area` names; nil when it names no group, names
    /// a building itself, or a group the directory does not list.
    func buildings(in area: String) -> [String]? {
        let places = CountedPlaceScan.places(in: area, largestRange: AreaNumbers.largestRange)
        guard !places.isEmpty, !buildingsOfGroup.isEmpty, places.allSatisfy({ $0.0 == .group }) else { return nil }
        var ids: [String] = []
        for (_, n) in places {
            guard let buildings = buildingsOfGroup[n] else { return nil }
            for id in buildings where !ids.contains(id) { ids.append(id) }
        }
        return ids.isEmpty ? nil : ids
    }

    /// Numbers in runs (1至12、15), other ids as they are, in order: 1至3、5、A.
    static func spans(_ ids: [String]) -> String {
        var parts: [String] = [], run: (Int, Int)?
        func close() {
            if let (a, b) = run { parts.append(a == b ? "\(a)" : b == a + 1 ? "\(a)、\(b)" : "\(a)至\(b)") }
            run = nil
        }
        for id in ids {
            if let n = Int(id), n >= 0 {
                if let (a, b) = run, n == b + 1 { run = (a, n) } else { close(); run = (n, n) }
            } else {
                close()
                parts.append(id)
            }
        }
        close()
        return parts.joined(separator: "、")
    }
}
