import Foundation
import Testing
@testable import AnjuKernels
import CCmarkGFM

/// Each fast kernel against a plain twin written with the standard library, on generated inputs.
@Suite struct KernelTwinTests {
    typealias Numbers = SplitMix64

    @Test func theTokenTableKeepsWhatADictionaryKeeps() {
        var numbers = Numbers(state: 17)
        var table = TokenTable(capacity: 4)
        var twin: [UInt64: Int32] = [:]
        for _ in 0..<20_000 {
            // Few distinct keys at first, then many: lookups of old keys across every growth.
            let key = (numbers.next() % 6_000) | 1 << 60
            let value = table.value(for: key) { Int32(twin.count) }
            if twin[key] == nil { twin[key] = Int32(twin.count) }
            #expect(value == twin[key], "key \(key)")
        }
        #expect(table.count == twin.count)
    }

    /// The filter's bits set one probe at a time into a set of positions, by the formula of
    /// docs/search-index.md with 64-bit arithmetic; every hash put in is found, and about as
    /// few of the others as the bits per hash say.
    @Test func theTokenFilterSetsTheBitsItsFormulaNames() {
        var numbers = Numbers(state: 29)
        for (count, byteCount, probes) in [(0, 8, 3), (1, 1, 1), (50, 63, 7), (3_000, 3_750, 7), (9_000, 8_192, 5)] {
            let hashes = (0..<count).map { _ in UInt32(truncatingIfNeeded: numbers.next()) }
            let bits = UInt64(byteCount * 8)
            var positions = Set<UInt64>()
            for h in hashes {
                var x = UInt64(h)
                x ^= x >> 16; x = (x * 0x85EB_CA6B) & 0xFFFF_FFFF
                x ^= x >> 13; x = (x * 0xC2B2_AE35) & 0xFFFF_FFFF
                x ^= x >> 16
                for i in 0..<UInt64(probes) { positions.insert((UInt64(h) + i * (x | 1)) % bits) }
            }
            var plain = [UInt8](repeating: 0, count: byteCount)
            for p in positions { plain[Int(p / 8)] |= UInt8(1) << UInt8(p % 8) }
            let filter = TokenFilter.bytes(hashes: hashes, byteCount: byteCount, probes: probes)
            #expect(filter == plain, "\(count) hashes")
            #expect(hashes.allSatisfy { TokenFilter.mayHold(filter, hash: $0, probes: probes) })
            let put = Set(hashes)
            let others = (0..<10_000).map { _ in UInt32(truncatingIfNeeded: numbers.next()) }.filter { !put.contains($0) }
            let wrong = others.filter { TokenFilter.mayHold(filter, hash: $0, probes: probes) }.count
            if count == 3_000 { #expect(wrong < 200, "\(wrong) of \(others.count) pass a filter of ten bits a hash") }
            if count == 0 { #expect(wrong == 0) }
        }
    }

    @Test func aLiteralIsCheckedInPlaceAsItsStringWouldBe() {
        let markdown = "##标题\n\n＃＃ 全角\n\n正文【表】（files/a.pdf）\n\n# 真标题\n\n普通段落（括号）\n\n[链接]（x/y）"
        let document = CMark.parse(Array(markdown.utf8), options: CMARK_OPT_DEFAULT)
        defer { CMark.resetArena() }
        var checked = 0
        var iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator); iterator = nil }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  let literal = cmark_node_get_literal(node) else { continue }
            let text = String(cString: literal)
            for prefixes in [["#", "＃"], ["正"], ["x"]] {
                #expect(CMark.literal(of: node, startsWithAnyOf: prefixes) == prefixes.contains { text.hasPrefix($0) }, "\(text)")
            }
            for needles in [["】（", "]（", "】("], ["括号"], ["none"]] {
                #expect(CMark.literal(of: node, containsAnyOf: needles) == needles.contains { text.contains($0) }, "\(text)")
            }
            checked += 1
        }
        #expect(checked >= 5)
    }

    @Test func tokenNumberingNumbersKeysInTheOrderFirstMet() {
        let unigramTag: UInt64 = 1 << 60, tagMask: UInt64 = 0xF << 60
        var numbering = TokenNumbering(unigramTag: unigramTag, tagMask: tagMask)
        var twin: [UInt64: Int32] = [:], order: [UInt64] = []
        var numbers = Numbers(state: 3)
        for _ in 0..<10_000 {
            // Han characters (dense), other unigrams and pairs (hashed).
            let key: UInt64 = switch numbers.below(3) {
            case 0: unigramTag | UInt64(0x4E00 + numbers.below(300))
            case 1: unigramTag | UInt64(0x20000 + numbers.below(50))
            default: 2 << 60 | UInt64(numbers.below(2_000))
            }
            let (number, mark) = numbering.number(key) { n, mark in
                mark += 1
                return (n, mark)
            }
            if twin[key] == nil { twin[key] = Int32(order.count); order.append(key) }
            #expect(number == twin[key])
            #expect(mark >= 1)
        }
        #expect(numbering.keys == order)
    }

    @Test func rowsAreGroupedByTokenAsAStableSortGroupsThem() {
        var numbers = Numbers(state: 23)
        for round in 0..<40 {
            let tokenCount = 1 + numbers.below(50)
            var firstEntry = 0
            let runs = (0..<(1 + numbers.below(4))).map { _ -> RowGrouping.Run in
                // A run's own token numbers (some never used), mapped to the site's.
                let local = 1 + numbers.below(30)
                let map = (0..<local).map { _ in Int32(numbers.below(tokenCount)) }
                var tokens: [Int32] = [], codes: [UInt8] = [], ends: [Int] = []
                for _ in 0..<numbers.below(12) {
                    for _ in 0..<numbers.below(6) {
                        tokens.append(Int32(numbers.below(local)))
                        codes.append(UInt8(numbers.below(256)))
                    }
                    ends.append(tokens.count)
                }
                defer { firstEntry += ends.count }
                return RowGrouping.Run(tokens: tokens, numbers: map, codes: codes, ends: ends, firstEntry: firstEntry)
            }
            // The twin: every row with its token, in run and row order, stably sorted by token.
            var rows: [(token: Int, entry: Int32, code: UInt8)] = []
            for run in runs {
                var r = 0
                for (k, end) in run.ends.enumerated() {
                    while r < end {
                        rows.append((Int(run.numbers[Int(run.tokens[r])]), Int32(run.firstEntry + k), run.codes[r]))
                        r += 1
                    }
                }
            }
            let twin = (0..<tokenCount).map { t in rows.filter { $0.token == t } }
            let grouped = RowGrouping.grouped(runs, tokenCount: tokenCount) { n, body in
                for i in (0..<n).reversed() { body(i) } // runs in any order
            }
            #expect(grouped.starts.count == tokenCount + 1 && grouped.starts.last == rows.count, "round \(round)")
            for t in 0..<tokenCount {
                let range = grouped.starts[t]..<grouped.starts[t + 1]
                #expect(Array(grouped.entries[range]) == twin[t].map(\.entry) && Array(grouped.codes[range]) == twin[t].map(\.code),
                        "round \(round), token \(t)")
            }
        }
    }

    @Test func countedPlacesAreWhatTheScalarWalkFinds() {
        // Text made of the pieces that matter, in any order: digits of both widths, range
        // marks, units and their prefixes, 第, and Han text between.
        let pieces = ["1", "2", "3", "9", "0", "１", "２", "至", "到", "-", "—", "－", "~", "～", "–", "第", "幢", "栋", "棟", "号楼",
                      "號樓", "号", "楼", "居民小组", "居民", "小组", "组", "組", "停水", "，", " ", "月", "日", "𠀀", "、", ",", "和",
                      "及", "一", "二", "两", "三", "十", "百", "零", "〇", "a", "B", "Ｂ", "－", "\n", "织", "\u{F9D1}"]
        var numbers = Numbers(state: 29)
        for _ in 0..<6_000 {
            let text = (0..<Int(numbers.next() % 24)).map { _ in pieces[Int(numbers.next() % UInt64(pieces.count))] }.joined()
            let fast = CountedPlaceScan.places(in: text, largestRange: 20), plain = PlainCountedPlaces.places(in: text, largestRange: 20)
            #expect(fast.map { "\($0.0)\($0.1)" } == plain.map { "\($0.0)\($0.1)" }, "\(text)")
        }
        #expect(CountedPlaceScan.places(in: "第3至第5幢，12组，第一幢至第二幢", largestRange: 200).map { "\($0.0)\($0.1)" }
                == ["building3", "building4", "building5", "group12", "building1", "building2"])
        // A zone's buildings (B区1栋至6栋, B座3栋一楼) are not buildings 1 to 6 or 3.
        for text in ["B区1栋至6栋停电", "b座3栋一楼卫生服务站", "B區三栋"] {
            #expect(CountedPlaceScan.places(in: text, largestRange: 20).isEmpty, "\(text)")
            #expect(PlainCountedPlaces.places(in: text, largestRange: 20).isEmpty, "\(text)")
        }
        #expect(CountedPlaceScan.places(in: "小区3栋", largestRange: 20).map { "\($0.0)\($0.1)" } == ["building3"], "小区 is no zone")
    }

    /// The phone-number prefilter reads bytes in place; its twin says the same rule over the
    /// text's characters, full-width digits, dashes and spaces first made ASCII.
    @Test func aPhoneNumberIsLookedForWhereThePlainRuleFindsRoomForOne() {
        func plain(_ text: String) -> Bool {
            var ascii = ""
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0xFF10...0xFF19: ascii.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
                case 0xFF0D: ascii += "-"
                case 0x3000, 0xA0: ascii += " "
                default: ascii.unicodeScalars.append(scalar)
                }
            }
            let digits = Set("0123456789")
            // Runs of digits, each with the character after it (nil at the end).
            var runs: [(digits: String, after: Character?)] = []
            var current = ""
            for c in ascii {
                if digits.contains(c) { current.append(c); continue }
                if !current.isEmpty { runs.append((current, c)) }
                current = ""
            }
            if !current.isEmpty { runs.append((current, nil)) }
            return runs.contains { run in
                run.digits.count >= 5
                    || (run.digits.count >= 3 && !run.digits.hasPrefix("2") && (run.after == "-" || run.after == " "))
                    || (run.digits.count == 3 && (run.digits.hasPrefix("11") || run.digits.hasPrefix("12")))
            }
        }
        let pieces = ["1", "2", "0", "8", "7", "3", "１", "２", "８", "-", "－", " ", "\u{3000}", "\u{A0}", "—", "元", "年", "停水", "，", "a",
                      "\u{FF0E}", "\u{FF1A}", "\u{EFBC}", "𠀀", "\n", "号"]
        var numbers = Numbers(state: 41)
        var held = 0
        for _ in 0..<20_000 {
            let text = (0..<Int(numbers.next() % 14)).map { _ in pieces[Int(numbers.next() % UInt64(pieces.count))] }.joined()
            let fast = text.withCString { PhoneNumberCandidate.mayHold($0) }
            #expect(fast == plain(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if fast { held += 1 }
        }
        #expect(held > 500 && held < 19_500, "\(held) of 20,000 texts")
        for (text, expected) in [("0870-7123301", true), ("１３８ ００００", true), ("2026-06-01", false), ("请拨打120", true),
                                 ("1200元", false), ("第119期", true), ("5栋12号", false)] {
            #expect(text.withCString { PhoneNumberCandidate.mayHold($0) } == expected, "\(text)")
        }
    }

    @Test func utf8ScansReadWhatStringReads() {
        let texts = ["", "停水通知", "a\u{7F}b", "价格\u{85}元", "𠀀𪚥 emoji 👨‍👩‍👧 e\u{301}", "Ａ全角\t\r\n", String(repeating: "补偿标准。", count: 40)]
        for text in texts {
            let bytes = Array(text.utf8)
            var i = 0
            var scalars: [UInt32] = []
            bytes.withUnsafeBufferPointer { buffer in
                while i < buffer.count { scalars.append(UTF8Scan.nextScalarValue(buffer, &i)) }
            }
            #expect(scalars == text.unicodeScalars.map(\.value), "\(text.debugDescription)")
            #expect(UTF8Scan.firstInvalidUTF8(bytes[...]) == nil)
            let control = text.unicodeScalars.enumerated().first { _, s in
                (s.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(s.value)) || s.value == 0x7F || (0x80...0x9F).contains(s.value)
            }
            #expect(UTF8Scan.firstControlCharacter(bytes[...])?.value == control?.element.value, "\(text.debugDescription)")
            // memmem against a plain search, over every needle of one to three bytes of the text and a slice.
            for start in bytes.indices.prefix(6) {
                for length in 1...3 where start + length <= bytes.count {
                    let needle = Array(bytes[start..<start + length])
                    let plain = bytes.indices.first { bytes[$0...].starts(with: needle) }
                    #expect(UTF8Scan.firstOccurrence(of: needle, in: bytes[...]) == plain)
                    let tail = bytes[1...]
                    #expect(UTF8Scan.firstOccurrence(of: needle, in: tail) == tail.indices.first { tail[$0...].starts(with: needle) })
                }
            }
            if !bytes.isEmpty {
                let (first, last) = UTF8Scan.firstAndLastScalarValue(bytes[...])
                #expect(first == text.unicodeScalars.first!.value && last == text.unicodeScalars.last!.value)
            }
        }
        // Broken sequences: where the first byte that String cannot decode starts.
        for broken: [UInt8] in [[0xE5, 0x81], [0x61, 0xFF, 0x62], [0xC0, 0x80], [0xE5, 0x81, 0x9C, 0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            let at = try! #require(UTF8Scan.firstInvalidUTF8(broken[...]))
            #expect(String(validating: broken[..<at], as: UTF8.self) != nil, "\(broken) at \(at)")
            #expect(String(validating: broken, as: UTF8.self) == nil)
        }
    }

    @Test func jsonStringsAreWhatThePlainEscaperWrites() throws {
        var numbers = Numbers(state: 11)
        let alphabet = Array("补偿标准停水 abc<>&\"\\\n\r\t\u{1}\u{1F}\u{2028}\u{2029}\u{2027}—…𠀀é".unicodeScalars)
        for _ in 0..<2_000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<numbers.below(40) { s.append(alphabet[numbers.below(alphabet.count)]) }
            let text = String(s)
            let limit = numbers.below(3) == 0 ? numbers.below(30) : Int.max
            var out: [UInt8] = []
            JSONString.append(text, to: &out, scalarLimit: limit)
            #expect(out == plainJSON(text, limit: limit), "\(text.debugDescription) \(limit)")
            if limit == .max {
                let decoded = try JSONSerialization.jsonObject(with: Data(out), options: .fragmentsAllowed) as? String
                #expect(decoded == text)
            }
        }
    }

    @Test func theQRPathDrawsEveryRunOfDarkModules() {
        var numbers = Numbers(state: 5)
        for width in [1, 7, 21, 57] {
            let dark = (0..<width * width).map { _ in UInt8(numbers.below(2)) }
            var out: [UInt8] = []
            QRSVGPath.appendRuns(of: dark, width: width, quiet: 4, to: &out)
            // The twin: absolute runs, then the same relative moves.
            var plain = "", pen = (x: 0, y: 0), first = true
            for y in 0..<width {
                var x = 0
                while x < width {
                    guard dark[y * width + x] == 1 else { x += 1; continue }
                    var run = 1
                    while x + run < width, dark[y * width + x + run] == 1 { run += 1 }
                    plain += first ? "\(x + 4) \(y + 4).5" : "m\(x - pen.x) \(y - pen.y)"
                    plain += "h\(run)"
                    first = false
                    x += run
                    pen = (x, y)
                }
            }
            #expect(String(decoding: out, as: UTF8.self) == plain, "width \(width)")
        }
    }

    /// Scripts made of pieces that test each rule, joined by every kind of space, line break
    /// and comment, and the theme's own: compacted byte by byte as the plain reader does it
    /// scalar by scalar (most pieces leave a bracket open, and both then keep the script).
    @Test func aScriptIsCompactedAsThePlainReaderCompactsIt() throws {
        let pieces = [
            "a + +b", "x = a / /re/.source", "return /a b/g in x", "1 .toString()", "a-- > b ? .5 : c", "const 名字 = 值",
            "'http://a  b'", "\"/* c */\"", "r = /[/*]  '\"`/g", "t = `a  ${ {b: 1}.b + `x ${ y }` }  d`", "(a + b) / 2",
            "if (a) /x y/.test(s)", "{ }", "/x y/.test(s)", "x = {a: 1} / 2", "f(`${/a +b/.test(s)}`)", "if (a) {} else {}",
            "switch (a) { case 1: {} }", "o.in / 2", "x.if (a) / 2", "class A {}", "y = 2 <!-- z", "--> w", "'unclosed",
            "`open ${", "a\\u0062c", "this.#x", "a?.b", "x /= 2", "(/=/.test(s))", "{", "}", "(", ")", "[1, 2][0] / 3",
            "do {} while (0)", "label: {}", "f = (x) => {}", "g = () => ({})", "s = 'a\\\nb'", "\u{2028}", "x = 1.5.toFixed(2)",
        ]
        let separators = [" ", "  ", "\t", "\u{A0}", "\u{3000}", "\u{FEFF}", "\u{2003}", "\n", "\r\n", "\u{2028}", "\n\n\n",
                          "/* c */", "/*\n*/", "// c\n", "", ";", ";\n"]
        var numbers = Numbers(state: 41)
        var scripts = try ["search.mjs", "read-aloud.mjs", "page.js"].map {
            try String(contentsOfFile: repositoryRoot + "/templates/assets/" + $0, encoding: .utf8)
        }
        for _ in 0..<3_000 {
            var script = ""
            for _ in 0..<(1 + numbers.below(10)) {
                script += pieces[numbers.below(pieces.count)] + separators[numbers.below(separators.count)]
            }
            scripts.append(script)
        }
        var compacted = 0
        for script in scripts {
            let fast = CompactScript.compact(Array(script.utf8))
            #expect(fast == Array(PlainScriptCompaction.compact(script).utf8), "\(script)")
            if fast != Array(script.utf8) { compacted += 1 }
        }
        #expect(compacted > scripts.count / 4, "\(compacted) of \(scripts.count) compacted")
    }
}
