import AnjuKernels

/// Anchors for headings, derived from their text the way GitHub does, so an editor can
/// predict them: `## 补偿标准是多少？` → `#补偿标准是多少`, `## Q1 Hotline` → `#q1-hotline`.
/// Letters of any script and digits stay; spaces become `-`; punctuation goes.
enum Anchor {
    static func make(from text: String) -> String {
        if let quick = quickAnchor(text) { return quick.isEmpty ? "section" : quick }
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
    /// ASCII, the CJK Unified Ideographs block (every one alphabetic), the ideographic space
    /// and the Chinese and general punctuation of `ChineseText.isPunctuation` (none
    /// alphabetic or numeric); a test checks every one against `kind(of:)`, and that
    /// lowercasing changes none but A–Z. Nil for any other scalar.
    @inline(__always)
    static func quickKind(of v: UInt32) -> Kind? {
        if v >= 0x4E00 && v <= 0x9FFF { return .kept }
        if v < 0x80 {
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) || v == 0x2D || v == 0x5F { return .kept }
            return v == 0x20 ? .dash : .dropped
        }
        if v == 0x3000 { return .dash }
        return ChineseText.isPunctuationValue(v) ? .dropped : nil
    }

    /// The anchor of a heading made only of scalars `quickKind` knows, by UTF-8 byte
    /// (lowercasing the whole heading and appending scalar by scalar cost 6,000 instructions
    /// a heading); nil for any other heading.
    static func quickAnchor(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let start = i
                let v = UTF8Scan.nextScalarValue(bytes, &i)
                switch quickKind(of: v) {
                case .kept?:
                    if v >= 0x41 && v <= 0x5A {
                        out.append(UInt8(v) | 0x20)
                    } else {
                        for k in start..<i { out.append(bytes[k]) }
                    }
                case .dash?:
                    out.append(0x2D)
                case .dropped?:
                    break
                case nil:
                    return nil
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Anchors every page has: `main`, the skip link's target, and `top`, which browsers
    /// scroll to.
    static let onEveryPage = ["main", "top"]
    /// Those and the ids the page templates give their own elements: a heading `## main` gets
    /// `main-1`, not a second `main`.
    static let pageIDs = onEveryPage + ["q", "home-q", "missing-q", "search-latest", "search-qa", "alerts-title",
                          "attachments-title", "closed-title", "ended-title", "events-title", "guides-title", "hotline-title",
                          "jump-title", "latest-title", "materials-title", "open-title", "outages-title", "pinned-title",
                          "projects-title", "qa-title", "running-title", "steps-title", "upcoming-title", "where-title"]

    /// Makes anchors unique within one page, in order: `a`, `a-1`, `a-2`.
    struct Registry {
        init(reserving taken: [String] = []) {
            for id in taken { _ = insert(id) }
        }

        /// A page has a handful of headings: compared one by one, where a Set hashed each
        /// (a Set per page, 3,800 instructions a heading); a Set once there are many.
        private var few: [String] = []
        private var many: Set<String>?
        /// The next suffix to try for a base that was taken: twenty thousand identical headings
        /// would otherwise try every suffix before theirs.
        private var nextSuffix: [String: Int] = [:]

        mutating func unique(_ base: String) -> String {
            guard !insert(base) else { return base }
            var n = nextSuffix[base] ?? 1
            var candidate = "\(base)-\(n)"
            while !insert(candidate) {
                n += 1
                candidate = "\(base)-\(n)"
            }
            nextSuffix[base] = n + 1
            return candidate
        }

        private mutating func insert(_ anchor: String) -> Bool {
            if many != nil { return many!.insert(anchor).inserted }
            if few.contains(anchor) { return false }
            few.append(anchor)
            if few.count > 32 { many = Set(few); few = [] }
            return true
        }
    }
}
