/// The search index's rows, tokenised in runs on several threads, grouped by token into one
/// pair of arrays: a counting sort whose scatter runs on every core. Each run writes only
/// the places its own rows go to (a token's rows from run 0 first, then run 1's, …), so
/// the threads share the output arrays without sharing a place; a one-thread scatter of a
/// large vocabulary's rows, most of them cache misses, left the other core idle.
public enum RowGrouping {
    /// One run's rows in entry order: row r is of the token `numbers[tokens[r]]` (the run's
    /// own token numbers mapped to the site's) with field code `codes[r]`, and of entry
    /// `firstEntry + k` for the k whose rows end at `ends[k]`.
    public struct Run: Sendable {
        public let tokens: [Int32]
        public let numbers: [Int32]
        public let codes: [UInt8]
        public let ends: [Int]
        public let firstEntry: Int

        public init(tokens: [Int32], numbers: [Int32], codes: [UInt8], ends: [Int], firstEntry: Int) {
            self.tokens = tokens
            self.numbers = numbers
            self.codes = codes
            self.ends = ends
            self.firstEntry = firstEntry
        }
    }

    /// The rows of `runs` grouped by token, stably (run by run, each in order): token t's
    /// rows are `starts[t]..<starts[t + 1]` of `entries` and `codes`. `forEach(n, body)`
    /// calls `body(i)` for each i in 0..<n, on as many threads as it likes.
    public static func grouped(_ runs: [Run], tokenCount: Int,
                               forEach: (Int, @Sendable (Int) -> Void) -> Void) -> (starts: [Int], entries: [Int32], codes: [UInt8]) {
        // Run s's counts, then places, of token t at `places[s * tokenCount + t]`: each run
        // counts its rows on its own thread, into its own part.
        var places = [Int](repeating: 0, count: runs.count * tokenCount)
        places.withUnsafeMutableBufferPointer { places in
            let shared = Shared(places)
            forEach(runs.count) { s in
                let run = runs[s], base = s * tokenCount
                for local in run.tokens { shared.buffer[base + Int(run.numbers[Int(local)])] += 1 }
            }
        }
        // Where each run's rows of each token go: after the token's rows of earlier runs.
        var starts = [Int](repeating: 0, count: tokenCount + 1)
        for t in 0..<tokenCount {
            var place = starts[t]
            for s in runs.indices {
                let count = places[s * tokenCount + t]
                places[s * tokenCount + t] = place
                place += count
            }
            starts[t + 1] = place
        }
        let total = starts[tokenCount]
        var entries = [Int32](repeating: 0, count: total), codes = [UInt8](repeating: 0, count: total)
        entries.withUnsafeMutableBufferPointer { entries in
            codes.withUnsafeMutableBufferPointer { codes in
                places.withUnsafeMutableBufferPointer { places in
                    let out = (entries: Shared(entries), codes: Shared(codes), next: Shared(places))
                    forEach(runs.count) { s in
                        let run = runs[s], base = s * tokenCount
                        var r = 0
                        for (k, end) in run.ends.enumerated() {
                            let entry = Int32(run.firstEntry + k)
                            while r < end {
                                let next = base + Int(run.numbers[Int(run.tokens[r])])
                                out.entries.buffer[out.next.buffer[next]] = entry
                                out.codes.buffer[out.next.buffer[next]] = run.codes[r]
                                out.next.buffer[next] += 1
                                r += 1
                            }
                        }
                    }
                }
            }
        }
        return (starts, entries, codes)
    }

    /// An array's storage that every thread writes, each at places no other thread writes.
    private struct Shared<Element>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Element>
        init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
    }
}
