/// Equal digests stand for equal bytes when a build decides a file need not be rewritten.
public struct ContentDigest: Equatable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public init(_ bytes: [UInt8]) {
        (high, low) = bytes.withUnsafeBytes { raw in
            var a: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(raw.count)
            var b: UInt64 = 0x1319_8A2E_0370_7344 &+ UInt64(raw.count)
            var i = 0
            while i + 8 <= raw.count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                a = (a ^ word) &* 0x9E37_79B9_7F4A_7C15
                a ^= a >> 31
                b = (b &+ word) &* 0xC2B2_AE3D_27D4_EB4F
                b ^= b >> 29
                i += 8
            }
            var last: UInt64 = 0
            for k in i..<raw.count { last |= UInt64(raw[k]) << UInt64(8 * (k - i)) }
            a = (a ^ last) &* 0x9E37_79B9_7F4A_7C15
            b = (b &+ last) &* 0xC2B2_AE3D_27D4_EB4F
            return (a ^ (a >> 33), b ^ (b >> 32))
        }
    }
}
