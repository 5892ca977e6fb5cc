import Testing
@testable import AnjuCore

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
            let expected = try #require(QRCode.modulesChosenByLibqrencode(text))
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
