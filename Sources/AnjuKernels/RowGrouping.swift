import Foundation

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
        // Each run's rows per token, counted on every core.
        let counted = Slots<[Int]>(count: runs.count)
        forEach(runs.count) { s in
            var counts = [Int](repeating: 0, count: tokenCount)
            let run = runs[s]
            for local in run.tokens { counts[Int(run.numbers[Int(local)])] += 1 }
            counted.set(s, counts)
        }
        // Where each run's rows of each token begin: after the token's rows of earlier runs.
        var places = counted.values
        var starts = [Int](repeating: 0, count: tokenCount + 1)
        for t in 0..<tokenCount {
            var place = starts[t]
            for s in runs.indices {
                let count = places[s][t]
                places[s][t] = place
                place += count
            }
            starts[t + 1] = place
        }
        let total = starts[tokenCount]
        var entries = [Int32](repeating: 0, count: total), codes = [UInt8](repeating: 0, count: total)
        entries.withUnsafeMutableBufferPointer { entries in
            codes.withUnsafeMutableBufferPointer { codes in
                let out = Output(entries: entries, codes: codes)
                let shared = places
                forEach(runs.count) { s in
                    var next = shared[s]
                    let run = runs[s]
                    var r = 0
                    for (k, end) in run.ends.enumerated() {
                        let entry = Int32(run.firstEntry + k)
                        while r < end {
                            let t = Int(run.numbers[Int(run.tokens[r])])
                            out.entries[next[t]] = entry
                            out.codes[next[t]] = run.codes[r]
                            next[t] += 1
                            r += 1
                        }
                    }
                }
            }
        }
        return (starts, entries, codes)
    }

    /// The output arrays, written by every thread at places no other thread writes.
    private struct Output: @unchecked Sendable {
        let entries: UnsafeMutableBufferPointer<Int32>
        let codes: UnsafeMutableBufferPointer<UInt8>
    }

    /// One value per thread, set under a lock.
    private final class Slots<T>: @unchecked Sendable {
        private var slots: [T?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: T) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }
        var values: [T] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }
}
