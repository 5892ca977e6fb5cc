import CCmarkGFM

/// Whether a text can hold a phone number, read in place: the parse stage looks for numbers
/// to link only in texts that pass, and most texts with digits (dates, amounts) do not.
public enum PhoneNumberCandidate {
    /// A node's literal, read where cmark keeps it.
    public static func literal(of node: OpaquePointer) -> Bool {
        guard let literal = cmark_node_get_literal(node) else { return false }
        return mayHold(literal)
    }

    /// Five digits in a row; three or four digits then a dash or a space (0870-, 138 0000),
    /// unless they start with 2 (a year: 2026-); or a three-digit emergency number (110,
    /// 119, 120, 122) standing alone. A full-width digit or dash (EF BC 90…99, EF BC 8D), a
    /// full-width space (E3 80 80) and a no-break space (C2 A0) count as their ASCII selves.
    /// Each byte is read only after the one before it was no terminating NUL.
    public static func mayHold(_ text: UnsafePointer<CChar>) -> Bool {
        var run = 0, first: UInt8 = 0, second: UInt8 = 0, p = text
        while p.pointee != 0 {
            var c = UInt8(bitPattern: p.pointee)
            if c == 0xEF, UInt8(bitPattern: p[1]) == 0xBC, case let last = UInt8(bitPattern: p[2]), last == 0x8D || (0x90...0x99).contains(last) {
                c = last == 0x8D ? 0x2D : last - 0x90 + 0x30
                p += 2
            } else if c == 0xE3, UInt8(bitPattern: p[1]) == 0x80, UInt8(bitPattern: p[2]) == 0x80 {
                c = 0x20
                p += 2
            } else if c == 0xC2, UInt8(bitPattern: p[1]) == 0xA0 {
                c = 0x20
                p += 1
            }
            if c >= 0x30 && c <= 0x39 {
                if run == 0 { first = c } else if run == 1 { second = c }
                run += 1
                if run >= 5 { return true }
            } else {
                if ((c == 0x2D || c == 0x20) && run >= 3 && first != 0x32) || isEmergency(run, first, second) { return true }
                run = 0
            }
            p += 1
        }
        return isEmergency(run, first, second)
    }

    private static func isEmergency(_ run: Int, _ first: UInt8, _ second: UInt8) -> Bool {
        run == 3 && first == 0x31 && (second == 0x31 || second == 0x32)
    }
}
