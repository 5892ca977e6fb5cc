import AnjuKernels

/// The buildings and residents' groups a page names (3幢, 第3至第9幢, 第1幢至第8幢, 第3、7、12幢,
/// 第9至第11居民小组), each as a word of its own for search alone — `zhuang5`, `zu10` — the key
/// the browser reads a question's building or group as (`placesAsKeys` in search.mjs): a
/// resident asks whether 5栋 or 第十组 is cut off, which a range never writes, and as text 5
/// is every date's too, 五幢 a part of 十五幢.
enum AreaNumbers {
    /// A range's second number is larger than its first by less than this, or only the two are
    /// read: 第1至第900幢 is a slip, not 900 buildings.
    static let largestRange = 200
    /// At most this many keys an entry: a page of ranges written by the hundred says no more.
    static let mostKeys = 1_000

    static func key(_ unit: CountedPlaceScan.Unit, _ n: Int) -> String {
        switch unit {
        case .building: return "zhuang\(n)"
        case .group: return "zu\(n)"
        }
    }

    /// The key of each building or group `texts` name, alone, in a list or inside a range,
    /// once each, in order.
    static func keys(in texts: [String]) -> [String] {
        var seen = Set<String>(), keys: [String] = []
        for text in texts where keys.count < mostKeys {
            for (unit, n) in CountedPlaceScan.places(in: text, largestRange: largestRange) where keys.count < mostKeys {
                let key = key(unit, n)
                if seen.insert(key).inserted { keys.append(key) }
            }
        }
        return keys
    }
}
