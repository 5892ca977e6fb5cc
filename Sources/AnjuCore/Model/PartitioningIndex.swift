extension RandomAccessCollection {
    /// The first index whose element satisfies `belongsToSecondPart`, for a collection whose
    /// elements that do all come after those that do not (a sorted one cut at a bound):
    /// a binary search, `endIndex` when none does.
    func partitioningIndex(where belongsToSecondPart: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if belongsToSecondPart(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
