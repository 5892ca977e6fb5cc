import Testing
@testable import AnjuCore
@testable import AnjuKernels

/// The word-wise mask choice must give libqrencode's symbol module for module.
@Suite struct QRMaskChoiceTests {
    /// Page addresses of every length a site produces, from version 1 to past version 11.
    static let texts: [String] = {
        var texts = ["a", "https://wenbi.example.org/", "https://wenbi.example.org/notices/n000049/"]
        for n in 0..<300 { texts.append("https://qiujiayu.example.org/notices/n\(String(n * 7919 % 1_000_000))/") }
        for length in stride(from: 10, through: 330, by: 4) {
            texts.append("https://binjiang.example.org/qa/" + String(repeating: "hou-fu-", count: length / 7 + 1).prefix(length) + "/")
        }
        texts.append("https://wenbi.example.org/notices/关于停水的通知/")
        return texts
    }()

    @Test func everyModuleMatchesLibqrencodesOwnChoice() throws {
        var widths = Set<Int>(), masks = Set<Int>(), fallbacks = 0
        for text in Self.texts {
            let expected = try #require(QRMaskChoice.modulesChosenByLibqrencode(for: text))
            guard let mine = QRMaskChoice.modules(for: text) else {
                #expect(expected.width > 64, "only symbols wider than 64 modules fall back: \(text)")
                fallbacks += 1
                continue
            }
            #expect(mine.width == expected.width && mine.dark == expected.dark, "\(text)")
            widths.insert(mine.width)
            // The mask is in the format bits next to the top-left finder: (8, 0…5) hold bits 0…5.
            var format = 0
            for i in 0..<6 where mine.dark[i * mine.width + 8] == 1 { format |= 1 << i }
            masks.insert((0..<8).first { QRMaskChoice.formatInformation(mask: $0) & 0x3F == format } ?? -1)
        }
        // The comparison means something only if it covered many sizes and every mask.
        #expect(widths.count >= 8 && masks == Set(0..<8) && fallbacks > 0, "widths \(widths.sorted()), masks \(masks.sorted())")
    }
}

@Suite struct QRLinePenaltyTests {
    /// N1 and N3 of one line the way libqrencode counts them: run lengths with a phantom −1
    /// light run before a dark start, then every run checked.
    func byRuns(_ line: UInt64, width: Int) -> (n1: Int, n3: Int) {
        var runs: [Int] = line & 1 == 1 ? [-1] : []
        var x = 0
        while x < width {
            let dark = line >> UInt64(x) & 1
            var n = 0
            while x + n < width, line >> UInt64(x + n) & 1 == dark { n += 1 }
            runs.append(n)
            x += n
        }
        var n1 = 0, n3 = 0
        for (i, run) in runs.enumerated() {
            if run >= 5 { n1 += 3 + (run - 5) }
            guard i & 1 == 1, i >= 3, i < runs.count - 2, run % 3 == 0 else { continue }
            let f = run / 3
            guard runs[i - 2] == f, runs[i - 1] == f, runs[i + 1] == f, runs[i + 2] == f else { continue }
            if i == 3 || runs[i - 3] >= 4 * f || i + 4 >= runs.count || runs[i + 3] >= 4 * f { n3 += 40 }
        }
        return (n1, n3)
    }

    @Test func wordOperationsCountLikeRuns() {
        var generator = SystemRandomNumberGenerator()
        var finderLike = 0
        let scratch = UnsafeMutablePointer<Int>.allocate(capacity: 66)
        defer { scratch.deallocate() }
        for _ in 0..<40_000 {
            let width = [21, 25, 29, 33, 37, 45, 61, 64].randomElement(using: &generator)!
            // Runs of 1…4 with finder-like patterns (at scales 1 to 3) spliced in.
            var line: UInt64 = 0, x = 0, dark = Bool.random(using: &generator)
            while x < width {
                var lengths = [Int.random(in: 1...4, using: &generator)]
                if Int.random(in: 0..<6, using: &generator) == 0 {
                    let f = Int.random(in: 1...3, using: &generator)
                    lengths = dark ? [f, f, 3 * f, f, f] : [Int.random(in: 1...5, using: &generator), f, f, 3 * f, f, f]
                }
                for n in lengths {
                    for k in x..<max(x, min(width, x + n)) where dark { line |= 1 << UInt64(k) }
                    x += n
                    dark.toggle()
                }
            }
            let all: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
            let (n1, n3) = byRuns(line, width: width)
            let expected = n1 + n3
            if n3 > 0 { finderLike += 1 }
            let actual = QRMaskChoice.linePenalty(line, width: width, all: all, runs: scratch)
            if actual != expected {
                Issue.record("line \(String(line, radix: 2)) width \(width): \(actual) != \(expected)")
                return
            }
        }
        #expect(finderLike > 2_000, "the lines must hold finder-like patterns to test N3")
    }
}
