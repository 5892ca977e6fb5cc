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

    /// Text held as UTF-8 bytes renders exactly as the same String would, in every kind of tag.
    @Test func utf8TextRendersAsItsString() throws {
        let template = try MustacheTemplate(string:
            "[{{{x}}}][{{&x}}][{{x}}][{{#x}}<{{.}}>{{/x}}][{{^x}}none{{/x}}][{{#y}}{{{x}}}{{/y}}][{{uppercased(x)}}][{{^empty(x)}}full{{/empty(x)}}]")
        for text in ["<p>停水 & \"通知\"</p>\n", "", "a'b"] {
            let asString = template.render(["x": text, "y": ["k": 1] as [String: Any]] as [String: Any])
            let asBytes = template.render(["x": MustacheUTF8Text(Array(text.utf8)), "y": ["k": 1] as [String: Any]] as [String: Any])
            #expect(asBytes == asString, "\(text.debugDescription)")
        }
        #expect(try MustacheTemplate(string: "{{{x}}}").render(["x": MustacheUTF8Text(Array("<b>补偿</b>".utf8))]) == "<b>补偿</b>")
    }

    /// Names are read by byte (PATCHES.md): dotted, leading-dot, `.` and missing names find
    /// what the Mustache spec says they find.
    @Test func namesAreLookedUpAsTheSpecSays() throws {
        let context: [String: Any] = ["a": ["b": "AB", "c": ["d": "ACD"] as [String: Any]] as [String: Any],
                                      "x": "X", "items": ["p", "q"], "long_name_over_15": ["and_another_long_one": "L"] as [String: Any]]
        let cases = ["{{a.b}}": "AB", "{{a.c.d}}": "ACD", "{{a..b}}": "AB", "{{a.zz}}": "", "{{zz.b}}": "",
                     "{{#items}}{{.}}{{/items}}": "pq", "{{#a}}{{.b}}{{/a}}": "AB", "{{#a}}{{x}}{{/a}}": "X",
                     "{{#a}}{{.x}}{{/a}}": "", "{{#a.c}}{{d}}{{/a.c}}": "ACD", "{{long_name_over_15.and_another_long_one}}": "L",
                     "{{{a.b}}}": "AB", "{{^a.zz}}none{{/a.zz}}": "none"]
        for (text, expected) in cases {
            #expect(try MustacheTemplate(string: text).render(context) == expected, "\(text)")
        }
    }
}
