/// A Bloom filter over tokens' 32-bit FNV-1a hashes (`IndexEncoding.fnv1a32`), as bytes:
/// docs/search-index.md, "The tail's filter". Probe i of a hash h sets bit
/// `(h + i · (mix(h) | 1)) mod bits`, bit p being bit `p mod 8` (least significant first) of
/// byte `p / 8`; `mix` is MurmurHash3's 32-bit finaliser, so the probes' stride is a second
/// hash without hashing the token twice. `KernelTwinTests` holds its plain twin.
public enum TokenFilter {
    /// The filter of `hashes` in `byteCount` bytes, each hash setting `probes` bits.
    public static func bytes(hashes: [UInt32], byteCount: Int, probes: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        let bits = UInt64(byteCount * 8)
        guard bits > 0 else { return bytes }
        for hash in hashes {
            var position = UInt64(hash) % bits
            let stride = UInt64(mix(hash) | 1) % bits
            for _ in 0..<probes {
                bytes[Int(position >> 3)] |= 1 << UInt8(position & 7)
                position += stride
                if position >= bits { position -= bits }
            }
        }
        return bytes
    }

    /// Whether `hash` may be among those `filter` was made of: false only when it is not.
    public static func mayHold(_ filter: [UInt8], hash: UInt32, probes: Int) -> Bool {
        let bits = UInt64(filter.count * 8)
        guard bits > 0 else { return false }
        var position = UInt64(hash) % bits
        let stride = UInt64(mix(hash) | 1) % bits
        for _ in 0..<probes {
            if filter[Int(position >> 3)] & (1 << UInt8(position & 7)) == 0 { return false }
            position += stride
            if position >= bits { position -= bits }
        }
        return true
    }

    /// MurmurHash3's fmix32.
    @inlinable public static func mix(_ value: UInt32) -> UInt32 {
        var x = value
        x ^= x >> 16
        x = x &* 0x85EB_CA6B
        x ^= x >> 13
        x = x &* 0xC2B2_AE35
        x ^= x >> 16
        return x
    }
}
