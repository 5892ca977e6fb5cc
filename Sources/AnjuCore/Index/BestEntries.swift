/// The k best entries of a stream by score, ties to the lower entry number: a min-heap of
/// k whose root is the worst kept, so each further entry costs one comparison unless it
/// enters. A phonetic token may touch every entry of a site, and keeps a hundred.
struct BestEntries {
    let limit: Int
    private(set) var heap: [(score: Double, entry: Int32)] = []

    init(limit: Int) {
        self.limit = limit
        heap.reserveCapacity(limit)
    }

    @inline(__always)
    private static func worse(_ a: (score: Double, entry: Int32), than b: (score: Double, entry: Int32)) -> Bool {
        a.score != b.score ? a.score < b.score : a.entry > b.entry
    }

    mutating func removeAll() { heap.removeAll(keepingCapacity: true) }

    /// Inlined into the caller's loop: once k are kept, most entries are turned away by
    /// the one comparison with the root.
    @inline(__always)
    mutating func offer(score: Double, entry: Int32) {
        let item = (score: score, entry: entry)
        if heap.count < limit {
            push(item)
        } else if limit > 0, Self.worse(heap[0], than: item) {
            replaceWorst(with: item)
        }
    }

    private mutating func push(_ item: (score: Double, entry: Int32)) {
        heap.append(item)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(heap[child], than: heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func replaceWorst(with item: (score: Double, entry: Int32)) {
        heap[0] = item
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count, Self.worse(heap[left], than: heap[worst]) { worst = left }
            if right < heap.count, Self.worse(heap[right], than: heap[worst]) { worst = right }
            if worst == parent { break }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }

    /// The kept entries in entry order.
    var entries: [Int32] { heap.map(\.entry).sorted() }
}
