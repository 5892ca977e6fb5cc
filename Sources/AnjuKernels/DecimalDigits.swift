/// Decimal digits written straight into bytes: the QR code's SVG path prints thousands of
/// coordinates, and a String per number was most of its time.
/// Writes the decimal digits of a non-negative number at `p`; returns the byte after them.
@inline(__always)
@inlinable public func writeNumber(_ value: Int, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    if value < 10 { p.pointee = UInt8(48 + value); return p + 1 }
    if value < 100 {
        let tens = value / 10
        p[0] = UInt8(48 + tens); p[1] = UInt8(48 + value - tens * 10)
        return p + 2
    }
    if value < 1000 {
        let hundreds = value / 100, rest = value - hundreds * 100, tens = rest / 10
        p[0] = UInt8(48 + hundreds); p[1] = UInt8(48 + tens); p[2] = UInt8(48 + rest - tens * 10)
        return p + 3
    }
    var digits = 0, n = value
    while n > 0 { digits += 1; n /= 10 }
    n = value
    var i = digits - 1
    while i >= 0 { p[i] = UInt8(48 + n % 10); n /= 10; i -= 1 }
    return p + digits
}

/// Decimal digits of a non-negative number appended to `out`, without going through String.
@inline(__always)
@inlinable public func appendNumber(_ value: Int, to out: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
        let start = digits.baseAddress!
        out.append(contentsOf: UnsafeBufferPointer(start: start, count: writeNumber(value, at: start) - start))
    }
}
