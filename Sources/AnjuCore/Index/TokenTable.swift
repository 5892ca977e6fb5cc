/// A map from token keys to small integers, open-addressed over one flat array.
///
/// The index stage looks a key up for every character of every page (millions per site);
/// `Dictionary`'s seeded SipHash and copy-on-write checks were most of that stage's time.
/// A key and its value share a slot, so a probe touches one cache line. Keys are never 0:
/// every token key carries a non-zero kind tag in its top bits. Each slot also holds a
/// `mark` its user may keep for the key (it fills the slot's padding).
struct TokenTable {
    struct Slot {
        var key: UInt64
        var value: Int32
        var mark: Int32 = 0
    }

    private(set) var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: 0, value: 0), count: size)
        mask = size - 1
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        // Fibonacci hashing: the high bits of the product mix every bit of the key.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The value stored for `key`, or `make()`'s value stored now.
    @inline(__always)
    mutating func value(for key: UInt64, orInsert make: () -> Int32) -> Int32 {
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
        count += 1
        if count * 2 > slots.count { grow() }
        return value
    }

    /// The value stored for `key` (or `make()`'s, stored now with mark 0), handed with the
    /// key's mark to `body`, which may change the mark; returns what `body` returns.
    @inline(__always)
    mutating func value<R>(for key: UInt64, orInsert make: () -> Int32, _ body: (Int32, inout Int32) -> R) -> R {
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
        count += 1
        if count * 2 > slots.count { grow() }
        return result
    }

    private mutating func grow() {
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
struct TokenNumbering {
    private var table = TokenTable(capacity: 1 << 10) // grows with the vocabulary; a small table stays in cache
    private var unigrams = [Int32](repeating: -1, count: Self.denseUnigramCount)
    private var unigramMarks = [Int32](repeating: 0, count: Self.denseUnigramCount)
    private(set) var keys: [UInt64] = []

    static let hanStart: UInt64 = 0x3400, hanEnd: UInt64 = 0x9FFF
    static let denseUnigramCount = Int(hanEnd - hanStart + 1)

    /// A Han character of U+3400…U+9FFF's place in a dense array, or nil for any other token.
    @inline(__always)
    static func denseUnigramIndex(_ key: UInt64) -> Int? {
        let value = key & ~SearchIndexBuilder.tagMask
        guard key & SearchIndexBuilder.tagMask == SearchIndexBuilder.unigramTag, value >= hanStart, value <= hanEnd else {
            return nil
        }
        return Int(value - hanStart)
    }

    /// `key`'s number (the next one when it is new) and its mark, handed to `body`.
    @inline(__always)
    mutating func number<R>(_ key: UInt64, _ body: (Int32, inout Int32) -> R) -> R {
        if let index = Self.denseUnigramIndex(key) {
            return unigrams.withUnsafeMutableBufferPointer { unigrams in
                if unigrams[index] < 0 {
                    keys.append(key)
                    unigrams[index] = Int32(keys.count - 1)
                }
                return unigramMarks.withUnsafeMutableBufferPointer { body(unigrams[index], &$0[index]) }
            }
        }
        return table.value(for: key, orInsert: {
            keys.append(key)
            return Int32(keys.count - 1)
        }, body)
    }
}
