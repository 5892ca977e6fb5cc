//
// This source file is part of the Hummingbird server framework project
// Copyright (c) the Hummingbird authors
//
// See LICENSE.txt for license information
// SPDX-License-Identifier: Apache-2.0
//

extension String {
    /// HTML escape string. Replace '<', '>' and '&' with HTML escaped versions
    ///
    /// Anju patch: works on UTF-8 bytes (all five characters are ASCII, so no multi-byte
    /// sequence can contain them) and returns the string itself when nothing needs escaping;
    /// walking Characters with a dictionary lookup each was 5 % of a site build.
    func htmlEscape() -> String {
        let utf8 = self.utf8
        let special = utf8.withContiguousStorageIfAvailable(Self.containsHTMLSpecial)
            ?? utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 })
        guard special else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        self.appendHTMLEscaped(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Anju patch: whether any of `< > & " '` is in `bytes`, eight bytes at a time. A word
    /// with no byte below 0x40 (Chinese text is all bytes ≥ 0x80) is passed over with one
    /// test; the byte-by-byte search was 1.7 % of a 10,000-page build (callgrind).
    static func containsHTMLSpecial(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        @inline(__always) func isSpecial(_ b: UInt8) -> Bool { b == 0x3C || b == 0x3E || b == 0x26 || b == 0x22 || b == 0x27 }
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            // Exact as a whole: some byte of w is below 0x40.
            if (w &- ones &* 0x40) & ~w & highs != 0 {
                if hasZeroByte(w ^ (ones &* 0x3C)) || hasZeroByte(w ^ (ones &* 0x3E)) || hasZeroByte(w ^ (ones &* 0x26))
                    || hasZeroByte(w ^ (ones &* 0x22)) || hasZeroByte(w ^ (ones &* 0x27)) {
                    return true
                }
            }
            i += 8
        }
        while i < bytes.count {
            if isSpecial(bytes[i]) { return true }
            i += 1
        }
        return false
    }

    /// Anju patch: `htmlEscape()` written straight into a UTF-8 buffer.
    func appendHTMLEscaped(to out: inout [UInt8]) {
        let utf8 = self.utf8
        let special = utf8.withContiguousStorageIfAvailable(Self.containsHTMLSpecial) ?? true
        guard special else {
            out.append(contentsOf: utf8)
            return
        }
        for b in utf8 {
            switch b {
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B]) // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B]) // &gt;
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B]) // &amp;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]) // &quot;
            case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B]) // &#39;
            default: out.append(b)
            }
        }
    }
}
