import AnjuKernels
import Foundation

/// Which tokens the tail (the newest week's entries) may hold, as the search page's
/// `data-tail` says it (docs/search-index.md, "The tail's filter"): a query then asks for a
/// token's tail shard only when the week's entries may hold it. Most of a question's
/// tokens, and nearly all the pairs a long spoken question is read again with, are in no
/// entry of the week, and each such request was a round trip on a phone.
enum TailFilter {
    /// Bits per token while the filter is within `maximumBytes`: one token in about a
    /// hundred that the tail lacks still asks for its shard.
    static let bitsPerToken = 10
    /// The search page carries it (5.5 KB of base64 at most; a community of 3,300 pages keeps
    /// its search page within 50 KB with the stylesheet), so a week of many notices gets
    /// fewer bits per token...
    static let maximumBytes = 4_096
    /// ...down to two (39 % of absent tokens still pass, one probe), below which most would.
    static let minimumBitsPerToken = 2

    /// `<probes>:<base64>` for the tail tokens with these hashes (each once), or "" when
    /// the tail is empty or too large for a filter worth its bytes.
    static func attribute(tokenHashes hashes: [UInt32]) -> String {
        guard let (byteCount, probes) = size(tokens: hashes.count) else { return "" }
        let bytes = TokenFilter.bytes(hashes: hashes, byteCount: byteCount, probes: probes)
        return "\(probes):" + Data(bytes).base64EncodedString()
    }

    /// The filter's bytes and probes per token for `tokens` tokens; nil for none.
    static func size(tokens: Int) -> (bytes: Int, probes: Int)? {
        guard tokens > 0 else { return nil }
        let bytes = min((tokens * bitsPerToken + 7) / 8, maximumBytes)
        guard bytes * 8 >= tokens * minimumBitsPerToken else { return nil }
        // k = bits/n · ln 2 makes the fewest false positives.
        let probes = Int((Double(bytes * 8) / Double(tokens) * 0.693_147_180_559_945_3).rounded())
        return (bytes, max(1, min(probes, 16)))
    }
}
