import CAnjuSystem

/// Asks for an array's element ahead of its use, where a loop reads a large array at places
/// it knows a few steps before (the index's rows of one token after another).
public enum CacheHint {
    @inlinable @inline(__always)
    public static func prefetch<Element>(_ array: [Element], _ index: Int) {
        guard index >= 0, index < array.count else { return }
        array.withUnsafeBufferPointer { anju_prefetch($0.baseAddress! + index) }
    }
}
