/// Anchors for headings, derived from their text the way GitHub does, so an editor can
/// predict them: `## 补偿标准是多少？` → `#补偿标准是多少`, `## Q1 Hotline` → `#q1-hotline`.
/// Letters of any script and digits stay; spaces become `-`; punctuation goes.
enum Anchor {
    static func make(from text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            let kind = quickKind(of: scalar.value) ?? Self.kind(of: scalar)
            if kind == .kept {
                result.unicodeScalars.append(scalar)
            } else if kind == .dash {
                result.append("-")
            }
        }
        return result.isEmpty ? "section" : result
    }

    enum Kind: UInt8 { case dropped, kept, dash }

    static func kind(of scalar: Unicode.Scalar) -> Kind {
        let p = scalar.properties
        if p.isAlphabetic || p.numericType != nil || scalar == "-" || scalar == "_" { return .kept }
        return scalar == " " || scalar == "\u{3000}" ? .dash : .dropped
    }

    /// `kind(of:)` without the Unicode property lookups (1.5 % of a 10,000-page build) for
    /// ASCII and the CJK Unified Ideographs block, every one of which is alphabetic (a test
    /// checks both against `kind(of:)`); nil for any other scalar.
    @inline(__always)
    static func quickKind(of v: UInt32) -> Kind? {
        if v >= 0x4E00 && v <= 0x9FFF { return .kept }
        guard v < 0x80 else { return nil }
        if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) || v == 0x2D || v == 0x5F { return .kept }
        return v == 0x20 ? .dash : .dropped
    }

    /// Makes anchors unique within one page, in order: `a`, `a-1`, `a-2`.
    struct Registry {
        private var used: Set<String> = []

        mutating func unique(_ base: String) -> String {
            var candidate = base
            var n = 0
            while !used.insert(candidate).inserted {
                n += 1
                candidate = "\(base)-\(n)"
            }
            return candidate
        }
    }
}
