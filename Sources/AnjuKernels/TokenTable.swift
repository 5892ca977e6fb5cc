import CAnjuSystem

/// A map from token keys to small integers, open-addressed over one flat array.
///
/// The index stage looks a key up for every character of every page (millions per site);
/// `Dictionary`'s seeded SipHash and copy-on-write checks were most of that stage's time.
/// A key and its value share a slot, so a probe touches one cache line. Keys are never 0:
/// every token key carries a non-zero kind tag in its top bits. Each slot also holds a
/// `mark` its user may keep for the key (it fills the slot's padding).
public struct TokenTable {
    public struct Slot {
        public var key: UInt64
        public var value: Int32
        public var mark: Int32 = 0

        @inlinable init(key: UInt64, value: Int32) {
            self.key = key
            self.value = value
        }
    }

    @usableFromInline private(set) var slots: [Slot]
    @usableFromInline var mask: Int
    public var count: Int { used }
    @usableFromInline var used = 0

    @inlinable public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: 0, value: 0), count: size)
        mask = size - 1
    }

    @inlinable @inline(__always)
    func home(_ key: UInt64) -> Int {
        // Fibonacci hashing: the high bits of the product mix every bit of the key.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Brings the slot `key` would be probed at into the cache, for a lookup soon after.
    @inlinable @inline(__always)
    public func prefetch(_ key: UInt64) {
        slots.withUnsafeBufferPointer { anju_prefetch($0.baseAddress! + home(key)) }
    }

    /// The value stored for `key`, or `make()`'s value stored now.
    @inlinable @inline(__always)
    public mutating func value(for key: UInt64, orInsert make: () -> Int32) -> Int32 {
        var i = home(key)
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            while true {
                let k = slots[i].key
                if k == key { return slots[i].value }
                if k == 0 { return nil }
                i = (i + 1) & mask
            }
        }
        if let found { return found }
        let value = make()
        slots[i] = Slot(key: key, value: value)
        used += 1
        if used * 2 > slots.count { grow() }
        return value
    }

    /// The value stored for `key` (or `make()`'s, stored now with mark 0), handed with the
    /// key's mark to `body`, which may change the mark; returns what `body` returns.
    @inlinable @inline(__always)
    public mutating func value<R>(for key: UInt64, orInsert make: () -> Int32, _ body: (Int32, inout Int32) -> R) -> R {
        var i = home(key)
        let found: R? = slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let k = slots[i].key
                if k == key { return body(slots[i].value, &slots[i].mark) }
                if k == 0 { return nil }
                i = (i + 1) & mask
            }
        }
        if let found { return found }
        var slot = Slot(key: key, value: make())
        let result = body(slot.value, &slot.mark)
        slots[i] = slot
        used += 1
        if used * 2 > slots.count { grow() }
        return result
    }

    @usableFromInline mutating func grow() {
        let old = slots
        let size = slots.count * 2
        slots = Array(repeating: Slot(key: 0, value: 0), count: size)
        mask = size - 1
        for slot in old where slot.key != 0 {
            var i = home(slot.key)
            while slots[i].key != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}

/// Numbers the tokens of one slice of entries as they are met. Han characters index a
/// plain array (they are few and dense); only character pairs and Latin words are hashed.
/// Most of the index stage's cache misses were lookups of tokens every page has. Beside
/// its number each token has a mark the tokeniser keeps (its slot in the current entry).
/// A key is a Han character when its bits under `tagMask` are `unigramTag`.
public struct TokenNumbering {
    @usableFromInline var table = TokenTable(capacity: 1 << 10) // grows with the vocabulary; a small table stays in cache
    @usableFromInline var unigrams = [Int32](repeating: -1, count: Self.denseUnigramCount)
    @usableFromInline var unigramMarks = [Int32](repeating: 0, count: Self.denseUnigramCount)
    /// The keys in the order they were numbered.
    public var keys: [UInt64] { numbered }
    @usableFromInline var numbered: [UInt64] = []
    @usableFromInline let unigramTag: UInt64
    @usableFromInline let tagMask: UInt64

    @usableFromInline static let hanStart: UInt64 = 0x3400, hanEnd: UInt64 = 0x9FFF
    @usableFromInline static let denseUnigramCount = Int(hanEnd - hanStart + 1)

    public init(unigramTag: UInt64, tagMask: UInt64) {
        self.unigramTag = unigramTag
        self.tagMask = tagMask
    }

    /// A Han character of U+3400…U+9FFF's place in a dense array, or nil for any other token.
    @inlinable @inline(__always)
    func denseUnigramIndex(_ key: UInt64) -> Int? {
        let value = key & ~tagMask
        guard key & tagMask == unigramTag, value >= Self.hanStart, value <= Self.hanEnd else { return nil }
        return Int(value - Self.hanStart)
    }

    /// Brings what `number(key)` will read into the cache (a Han character's place in the
    /// dense arrays is likely there already).
    @inlinable @inline(__always)
    public func prefetch(_ key: UInt64) {
        if denseUnigramIndex(key) == nil { table.prefetch(key) }
    }

    /// `key`'s number (the next one when it is new) and its mark, handed to `body`.
    @inlinable @inline(__always)
    public mutating func number<R>(_ key: UInt64, _ body: (Int32, inout Int32) -> R) -> R {
        if let index = denseUnigramIndex(key) {
            return unigrams.withUnsafeMutableBufferPointer { unigrams in
                if unigrams[index] < 0 {
                    numbered.append(key)
                    unigrams[index] = Int32(numbered.count - 1)
                }
                return unigramMarks.withUnsafeMutableBufferPointer { body(unigrams[index], &$0[index]) }
            }
        }
        return table.value(for: key, orInsert: {
            numbered.append(key)
            return Int32(numbered.count - 1)
        }, body)
    }
}
