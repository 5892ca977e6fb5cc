/// Anchors for headings, derived from their text the way GitHub does, so an editor can
/// predict them: `## 补偿标准是多少？` → `#补偿标准是多少`, `## Q1 Hotline` → `#q1-hotline`.
/// Letters of any script and digits stay; spaces become `-`; punctuation goes.
enum Anchor {
    static func make(from text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || scalar == "-" || scalar == "_" {
                result.unicodeScalars.append(scalar)
            } else if scalar == " " || scalar == "\u{3000}" {
                result.append("-")
            }
        }
        return result.isEmpty ? "section" : result
    }

    /// Makes anchors unique within one page, in order: `a`, `a-1`, `a-2`.
    struct Registry {
        private var used: Set<String> = []

        mutating func unique(_ base: String) -> String {
            var candidate = base
            var n = 0
            while used.contains(candidate) {
                n += 1
                candidate = "\(base)-\(n)"
            }
            used.insert(candidate)
            return candidate
        }
    }
}
