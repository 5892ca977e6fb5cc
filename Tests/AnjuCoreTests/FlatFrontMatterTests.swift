import Testing
import Yams
@testable import AnjuCore
@testable import AnjuKernels

/// The flat reader must give exactly the nodes Yams gives, or step aside (nil).
@Suite struct FlatFrontMatterTests {
    /// Name, string, style, tag name, line and value column of each field, as Yams composes them.
    func yamsFields(_ yaml: String) throws -> [String] {
        guard let mapping = try Yams.compose(yaml: yaml, .default, .default, .utf8)?.mapping else { return [] }
        return mapping.map { key, value in
            let s = value.scalar!
            return "\(key.string!)|\(s.string)|\(s.style)|\(s.tag.description)|\(value.mark!.line)|\(value.mark!.column)|\(key.mark!.column)"
        }
    }

    func flatFields(_ yaml: String) -> [String]? {
        FlatFrontMatter.parse(yaml)?.map { f in
            let s = f.value.scalar!
            return "\(f.name)|\(s.string)|\(s.style)|\(s.tag.description)|\(f.line)|\(f.valueColumn)|1"
        }
    }

    static let readByBoth = [
        "title: 关于第二季度停水的通知\ndate: 2026-09-17 09:00\nlevel: important",
        "title: \"滨江社区5235年公示\"\norder: 3\npinned: true",
        "title: '邱家屿: 招聘'\nsummary: 50%的家庭",
        "title:   多个空格  \n\n# a comment\nissuer: 文笔社区居委会",
        "title: 关于[2024]号文件, 以及{附件}\nexpires: ~\nupdated: null",
        "title: a-b?c:d#e\ninvestment: 3200.5\nlevel: 1e3",
        "title: \"\"\nmenu: 'yes'\nstatus: No",
        "title: 全角：冒号　和空格",
    ]

    static let leftToYams = [
        "title: 一\ndate: 2026-11-25\ntitle: 二", // a repeated name, which Yams reports
        "publicity:\n  start: 2026-11-25\n  end: 2026-12-01",
        "tags: [后扶, 公示]",
        "tags:\n- a\n- b",
        "title: a # comment",
        "title: \"a\\\"b\"",
        "title: 'it''s'",
        "title: *alias",
        "title: &anchor x",
        "title: !custom x",
        "title: - x",
        "title: | \n  block",
        "title: x\ntitle: y",
        "title: a: b",
        "title: a:",
        "title:\tx",
        "  title: indented",
        "title: a\n  continued",
        "title: \"unclosed",
        "title: \"closed\" trailing",
        "title:",
        "---: x",
        "title: a\u{2028}b",
        "title: a\u{85}b",
        "\u{FEFF}title: x",
        "title: a\u{FFFF}",
        "title: a\u{FFFE}b",
        String(repeating: "n", count: 1_100) + ": x",
        "? title\n: x",
    ]

    @Test(arguments: readByBoth) func theFlatReaderGivesYamsNodes(_ yaml: String) throws {
        let flat = try #require(flatFields(yaml), "the flat reader should read \(yaml.debugDescription)")
        #expect(flat == (try yamsFields(yaml)))
        // Tags resolve alike too (null, bool, int, float are decided from the implicit tag).
        let yams = try #require(try Yams.compose(yaml: yaml, .default, .default, .utf8)?.mapping)
        for field in FlatFrontMatter.parse(yaml)! {
            let other = try #require(yams[field.name])
            #expect(field.value.null == other.null && field.value.bool == other.bool
                    && field.value.int == other.int && field.value.float == other.float, "\(field.name)")
        }
    }

    @Test(arguments: leftToYams) func anythingElseIsLeftToYams(_ yaml: String) {
        #expect(flatFields(yaml) == nil, "\(yaml.debugDescription)")
    }

    @Test func diagnosticsPointAtTheSameLineAndColumnEitherWay() {
        // Every field is wrong in both; the second file goes through Yams because of its list.
        let fields = "title: 通知\ndate: 2026-13-45\nexpires: 'soon'\nlevel:   loud\npinned: maybe\norder: x\nexpries: 2026-12-01"
        let flat = FrontMatterTests().parse("---\n\(fields)\n---\n正文").1
        let yams = FrontMatterTests().parse("---\n\(fields)\ntags: [a]\n---\n正文").1
        #expect(flat.count >= 6)
        #expect(flat.map(\.description) == yams.map(\.description))
        #expect(flat.contains { $0.line == 3 && $0.column == 7 } && flat.contains { $0.line == 5 && $0.column == 10 })
    }
}
