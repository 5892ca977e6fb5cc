@testable import AnjuCore
import Mustache
import Testing

/// The vendored swift-mustache's escaping (Vendor/swift-mustache/PATCHES.md): the word-at-a-time
/// search must find each of `< > & " '` wherever it falls in a string.
@Suite struct TemplateEscapingTests {
    @Test func everySpecialCharacterIsEscapedAtEveryPlace() throws {
        // Anju's own escapeHTML, scalar by scalar, is the reference.
        let reference = escapeHTML
        let template = try MustacheTemplate(string: "{{x}}")
        let fillers = ["移民安置", "ab", "=;?", "\u{7F}x", "0123456789", "é"]
        var checked = 0
        for special in ["<", ">", "&", "\"", "'", ""] {
            for filler in fillers {
                for before in 0..<19 {
                    let text = String(repeating: filler, count: before / filler.count + 1).prefix(before) + special
                        + String(repeating: filler, count: 2)
                    let string = String(text)
                    #expect(template.render(["x": string]) == reference(string), "\(string.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked == 6 * 6 * 19)
    }
}
