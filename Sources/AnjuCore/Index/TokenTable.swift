/// A map from token keys to small integers, open-addressed over two flat arrays.
///
/// The index stage looks a key up for every character of every page (millions per site);
/// `Dictionary`'s seeded SipHash and copy-on-write checks were most of that stage's time.
/// Keys are never 0: every token key carries a non-zero kind tag in its top bits.
struct TokenTable {
    private(set) var keys: [UInt64]
    private(set) var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
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
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { break }
            i = (i + 1) & mask
        }
        let value = make()
        keys[i] = key
        values[i] = value
        count += 1
        if count * 2 > keys.count { grow() }
        return value
    }

    func value(for key: UInt64) -> Int32? {
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Empties the table, keeping its storage: cheap when few keys were used, as per page.
    mutating func removeAll(usedKeys: some Sequence<UInt64>) {
        if count * 8 < keys.count {
            for key in usedKeys {
                var i = home(key)
                while keys[i] != key { i = (i + 1) & mask }
                keys[i] = 0
            }
            // Removed keys may have pushed later ones along their probe runs; those were
            // removed too (every used key goes), so the table is empty again.
        } else {
            for i in keys.indices { keys[i] = 0 }
        }
        count = 0
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = keys.count * 2
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
        for (k, v) in zip(oldKeys, oldValues) where k != 0 {
            var i = home(k)
            while keys[i] != 0 { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
        }
    }
}
