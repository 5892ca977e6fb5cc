/// What the search page names of its site's index, so that a query fetches each part as
/// soon as it can: the words file (synonyms, pinyin syllables) to plan the query, the
/// shards' names to fetch its tokens, the tail's filter to leave out the tail shards of
/// tokens the week's entries lack, the meta file to rank and show the results.
public struct SearchPageLinks: Sendable, Equatable {
    /// `search/meta.<hex>.json`.
    public var meta: String
    /// `search/words.<hex>.json`.
    public var words: String
    /// The shards' names, head, `|`, tail.
    public var shards: String
    /// `<probes>:<base64>` of the tail's tokens (`TailFilter`), or "" for none.
    public var tailFilter: String

    /// For pages rendered before the index exists: they do not print these.
    public static let none = SearchPageLinks(meta: "", words: "", shards: "", tailFilter: "")

    public init(meta: String, words: String, shards: String, tailFilter: String) {
        self.meta = meta
        self.words = words
        self.shards = shards
        self.tailFilter = tailFilter
    }

    /// As an output folder's manifest keeps them, for a build that keeps that index.
    var names: [String] { [meta, words, shards, tailFilter] }

    /// A manifest of an earlier version, without the filter, keeps no index.
    init?(names: [String]) {
        guard names.count == 4 else { return nil }
        self.init(meta: names[0], words: names[1], shards: names[2], tailFilter: names[3])
    }
}
