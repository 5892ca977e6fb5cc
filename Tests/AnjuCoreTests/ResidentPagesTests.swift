import Foundation
import Testing
@testable import AnjuCore
@testable import AnjuKernels

/// What residents get: light pages, a QR code that leads a printed notice back online,
/// structured data that matches the page, colours that stay readable.
@Suite struct ResidentPagesTests {
    /// Decodes a QR code SVG with zbarimg after rasterising it with rsvg-convert.
    func decode(_ svg: String) throws -> String {
        let folder = NSTemporaryDirectory() + "anju-qr-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try svg.write(toFile: folder + "/qr.svg", atomically: true, encoding: .utf8)
        func run(_ tool: String, _ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [tool] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        _ = try run("rsvg-convert", ["-w", "400", folder + "/qr.svg", "-o", folder + "/qr.png"])
        return try run("zbarimg", ["-q", "--raw", folder + "/qr.png"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [
        "https://wenbi.example.org/notices/ting-shui-1130/",
        "https://host.example/qiaojia/wenbi/notices/guan-yu-2026-nian-du-yi-min-hou-qi-fu-chi-zi-jin-fa-fang-ming-ce-de-gong-shi/",
        "https://wenbi.example.org/qa/houfu/#%E5%90%8E%E6%9C%9F%E6%89%B6%E6%8C%81%E8%B5%84%E9%87%91%E6%AF%8F%E4%BA%BA%E6%AF%8F%E5%B9%B4%E5%A4%9A%E5%B0%91%E9%92%B1",
        // Wider than 64 modules (libqrencode chooses the mask) with three-digit coordinates.
        "https://wenbi.example.org/qa/houfu/#" + String(repeating: "%E5%90%8E%E6%9C%9F%E6%89%B6%E6%8C%81", count: 20),
    ])
    func qrCodesDecodeToTheExactURL(_ url: String) throws {
        let svg = try #require(QRCode.svg(for: url, title: "二维码"))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(try decode(svg) == url)
    }

    /// The 404 page was a dead end of three small links: a resident can ask instead.
    @Test func theMissingPageOffersTheSearchBoxAndWhoToCall() throws {
        let report = try TestSite(["grid.yml": GridDirectoryTests.grid,
                                   "guides/g.md": markdown("title: 高龄补贴\ncategory: 养老服务\nmaterials: [居民身份证]")]).build()
        let page = try #require(report.page("404.html"))
        #expect(page.contains("action=\"/search/\"") && page.contains("name=\"q\""), "a resident can ask instead")
        #expect(page.contains("<a href=\"/grid/\">找网格员</a>") && page.contains("<a href=\"/guides/\">办事指南</a>"))
        let bare = try #require(try TestSite(["notices/a.md": notice("通知")]).build().page("404.html"))
        let tiles = try #require(bare.range(of: "<ul class=\"tiles\">").flatMap { start in
            bare.range(of: "</ul>", range: start.upperBound..<bare.endIndex).map { bare[start.upperBound..<$0.lowerBound] } })
        #expect(!tiles.contains("找网格员") && !tiles.contains("办事指南") && tiles.contains("政策问答"),
                "no link to a page the site does not have")
    }

    /// Every page carries its code: drawn as strokes with relative moves, a notice's code is
    /// about 1.5 KB (as filled rectangles it was 3.2 KB, a sixth of the page).
    @Test func aQRCodeIsDrawnInFewBytes() throws {
        let svg = try #require(QRCode.svg(for: "https://wenbi.example.org/notices/n000000/", title: "二维码"))
        #expect(svg.utf8.count < 1_800)
        #expect(!svg.contains("v1h"))
    }

    @Test func aPrintedNoticeCarriesTheQRCodeOfItsPage() throws {
        let report = try TestSite(["notices/gong-shi.md": notice("低保公示", extra: "publicity: {start: 2026-11-23, end: 2026-11-30}")]).build()
        let page = try #require(report.page("notices/gong-shi/index.html"))
        let svg = try #require(page.range(of: "<svg").flatMap { start in page.range(of: "</svg>").map { page[start.lowerBound..<$0.upperBound] } })
        #expect(try decode(String(svg)) == "https://test.example.org/notices/gong-shi/")
        #expect(page.contains("class=\"print-qr\""))
        let css = try #require(report.sites[0].files.first { $0.path.hasSuffix(".css") })
        let stylesheet = String(decoding: css.bytes, as: UTF8.self)
        #expect(stylesheet.contains("@media print") && stylesheet.contains("size: A4"))
    }

    @Test func theStylesheetIsPublishedWithoutCommentsOrRunsOfSpacesAndMeansTheSame() throws {
        let cases: [(String, String)] = [
            ("a {\n  color: red; /* why */\n}\n", "a{color: red;}"),
            ("a::before { content: \"/* kept */  two  spaces\"; }", "a::before{content: \"/* kept */  two  spaces\";}"),
            ("b { background: url(x/*y*/z.png) no-repeat }", "b{background: url(x/*y*/z.png) no-repeat}"),
            ("b { background: URL( \"a b.png\" ) }", "b{background: URL( \"a b.png\" )}"),
            ("q { content: 'a\\'/*b' }", "q{content: 'a\\'/*b'}"),
            ("@media (max-width: 600px) and (orientation: portrait) {\n  a { b: c }\n}", "@media (max-width: 600px) and (orientation: portrait){a{b: c}}"),
            (".a  .b:hover ,\n.c > .d { margin: calc(100% - 2px) 0 }", ".a .b:hover,.c > .d{margin: calc(100% - 2px) 0}"),
            ("p { border: 1px /* width */ solid }", "p{border: 1px solid}"),
            ("a{}/* unclosed", "a{}"),
            // A comment between two tokens joins them: .a/**/.b is .a.b, not .a .b.
            (".a/**/.b { x: y }", ".a/**/.b{x: y}"),
            // An unclosed string ends at its line, which stays; the next rule is not in it.
            ("a { b: \"x\n}\nc { d: e }", "a{b: \"x\n}c{d: e}"),
            // Escapes are part of their name: an escaped brace, comma, space or quote is no
            // brace, comma, space or quote; a hex escape keeps the space that closes it.
            (".a\\{ b {}", ".a\\{ b{}"),
            (".a\\, b {}", ".a\\, b{}"),
            (".a\\  {x: y}", ".a\\ {x: y}"),
            (".\\31  b {}", ".\\31  b{}"),
            ("a\\\" { content: \"x  y\" }", "a\\\"{content: \"x  y\"}"),
            ("b { c: url(x\\)/**/y) }", "b{c: url(x\\)/**/y)}"),
            ("b { c: myurl(a /* ) */ b) }", "b{c: myurl(a b)}"),
        ]
        for (css, published) in cases { #expect(CompactStylesheet.compact(css) == published, "\(css)") }
        // The theme's own: no comment left, every rule still there.
        let source = try String(contentsOfFile: repositoryRoot + "/templates/assets/anju.css", encoding: .utf8)
        let report = try #require(SampleContentTests.report)
        let css = try #require(report.sites[0].files.first { $0.path.hasSuffix(".css") })
        let stylesheet = String(decoding: css.bytes, as: UTF8.self)
        #expect(!stylesheet.contains("/*") && stylesheet.utf8.count < source.utf8.count * 9 / 10)
        for brace in ["{", "}"] {
            #expect(stylesheet.components(separatedBy: brace).count == CompactStylesheet.compact(source).components(separatedBy: brace).count)
            #expect(stylesheet.components(separatedBy: brace).count
                == source.replacingOccurrences(of: #"/\*[\s\S]*?\*/"#, with: "", options: .regularExpression).components(separatedBy: brace).count)
        }
    }

    @Test func theScriptsArePublishedWithoutCommentsOrIndentationAndReadAsTheSameTokens() throws {
        let cases: [(String, String)] = [
            ("function f(a, b) {\n  // why\n  return a + b; /* more */\n}\n", "function f(a,b){\nreturn a+b;\n}"),
            // A space stays where two tokens would become one, or a comment.
            ("x = a + +b - -c; y = p++ + q", "x=a+ +b- -c;y=p++ +q"),
            ("x = a / /re/.source.length", "x=a/ /re/.source.length"),
            ("return /re/g in x", "return/re/g in x"),
            ("x = 1 .toString(); y = a-- > b ? .5 : c", "x=1 .toString();y=a-- >b? .5:c"),
            ("const 名字 = 值", "const 名字=值"),
            // Strings, templates and regular expressions as they are, whatever they hold.
            ("s = 'http://a  b' + \"/* c */\"", "s='http://a  b'+\"/* c */\""),
            ("r = /[/*]  '\"`/g; // c", "r=/[/*]  '\"`/g;"),
            ("t = `a  ${ {b: 1}.b + `x ${ y }` }  // c\n  d`", "t=`a  ${{b:1}.b+`x ${y}`}  // c\n  d`"),
            ("s = 'a\\\n  b'", "s='a\\\n  b'"),
            // Division after a value, a regular expression after a condition or a block.
            ("x = (a + b) / 2 / (c) / d", "x=(a+b)/2/(c)/d"),
            ("if (a) /x y/.test(s)", "if(a)/x y/.test(s)"),
            ("{ }\n/x y/.test(s)", "{}\n/x y/.test(s)"),
            ("x = {a: 1} / 2", "x={a:1}/2"),
            ("f(`${/a +b/.test(s)} ${ x }${/c d/}`)", "f(`${/a +b/.test(s)} ${x}${/c d/}`)"),
            ("if (a) {} else {}\n/a +b/.test(s)", "if(a){}else{}\n/a +b/.test(s)"),
            ("do {} while (0)\nswitch (a) { default: {}\n/a +b/.test(s) }", "do{}while(0)\nswitch(a){default:{}\n/a +b/.test(s)}"),
            ("x = {a: {b: 1} / 2}", "x={a:{b:1}/2}"),
            ("class A {}\n/x y/.test(s)", "class A{}\n/x y/.test(s)"),
            // A property named like a keyword is a value: what follows divides.
            ("n = o.in / 2 + `/`\nu = `a  b`", "n=o.in/2+`/`\nu=`a  b`"),
            ("x.if (a) / 2", "x.if(a)/2"),
            // Line breaks between tokens stay, one for a run of them, one for a comment
            // across lines: semicolons are inserted where they were.
            ("a\n\n\n++b", "a\n++b"),
            ("return /*\n*/ 1", "return\n1"),
            ("#!/usr/bin/env node\nx  = 1", "#!/usr/bin/env node\nx=1"),
            // What cannot be read with certainty is published as it is.
            ("s = 'unclosed\nx = 1", "s = 'unclosed\nx = 1"),
            ("x = 1 /* unclosed", "x = 1 /* unclosed"),
            ("t = `unclosed ${ a", "t = `unclosed ${ a"),
            ("f(a))  ;", "f(a))  ;"),
            // HTML-like comments: a classic script's, a module's operators.
            ("y = 2 <!-- /*\ny = 3", "y = 2 <!-- /*\ny = 3"),
            ("y = 2\n--> /*\ny = 3", "y = 2\n--> /*\ny = 3"),
        ]
        for (script, published) in cases {
            #expect(String(decoding: CompactScript.compact(Array(script.utf8)), as: UTF8.self) == published, "\(script)")
        }
        // The theme's own: no comment left, a fraction of the bytes. (The Node and browser
        // tests run the published search module.)
        let report = try #require(SampleContentTests.report)
        for name in ["search.mjs", "read-aloud.mjs", "page.js"] {
            let source = try String(contentsOfFile: repositoryRoot + "/templates/assets/" + name, encoding: .utf8)
            let stem = String(name.prefix { $0 != "." }) + "."
            let file = try #require(report.sites[0].files.first { $0.path.hasPrefix("assets/" + stem) && $0.path.hasSuffix(".js") })
            let script = String(decoding: file.bytes, as: UTF8.self)
            #expect(script.utf8.count < source.utf8.count * 9 / 10, "\(name)")
            #expect(!script.split(separator: "\n").contains { $0.hasPrefix("//") || $0.hasPrefix(" ") || $0.hasPrefix("/*") }, "\(name)")
        }
    }

    @Test func everySamplePageWithItsStylesheetIsUnder50KB() throws {
        let report = try #require(SampleContentTests.report)
        for site in report.sites {
            let css = try #require(site.files.first { $0.path.hasSuffix(".css") }).bytes.count
            for file in site.files where file.path.hasSuffix(".html") {
                #expect(file.bytes.count + css <= 50 * 1024, "\(site.id)/\(file.path): \(file.bytes.count + css) bytes")
            }
        }
    }

    @Test func faqStructuredDataMatchesTheVisibleQuestions() throws {
        let report = try #require(SampleContentTests.report)
        let page = try #require(report.page("qa/houqi-fuchi/index.html", site: "wenbi"))
        let start = try #require(page.range(of: "<script type=\"application/ld+json\">"))
        let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(page[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        #expect(json["@type"] as? String == "FAQPage")
        let names = (json["mainEntity"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.count >= 3)
        for name in names { #expect(page.contains(">\(escapeHTML(name))</h2>"), "visible question: \(name)") }
    }

    @Test func sharedPagesHaveTitlesDescriptionsAndOpenGraph() throws {
        let report = try #require(SampleContentTests.report)
        let page = try #require(report.page("notices/ting-shui-1130/index.html", site: "wenbi"))
        #expect(page.contains("<title>关于11月30日起分片临时停水的通知 - 文笔社区</title>"))
        for tag in ["<meta name=\"description\" content=\"", "<meta property=\"og:title\"", "<meta property=\"og:url\" content=\"https://wenbi.example.org/notices/ting-shui-1130/\"",
                    "<html lang=\"zh-CN\">", "class=\"skip\" href=\"#main\"", "<main id=\"main\""] {
            #expect(page.contains(tag), "missing \(tag)")
        }
        #expect(!page.contains("@font-face") && !page.contains("fonts.googleapis"), "no web fonts")
    }

    @Test func aSiteColourTooLightForWhiteTextIsRejected() {
        let (_, diagnostics) = SiteConfigParser.parse(id: "x", path: "site.yml", bytes: Array("""
        name: 测试
        base_url: https://x.example.org/
        color: "#7fb3e0"
        """.utf8), baseURLOverride: nil)
        #expect(diagnostics.first?.description.hasPrefix("site.yml:3:8: error: color #7fb3e0 has a contrast of") == true)
        #expect(SiteConfigParser.contrastWithWhite("#1a5fa8") >= 4.5)
    }
}

/// JSON strings in JSON-LD and in the search index's records: valid JSON that cannot end a
/// `<script>` element or a JavaScript line, cut by characters, not bytes.
@Suite struct JSONStringTests {
    @Test func escapesWhatJSONAndScriptElementsNeed() {
        #expect(StructuredData.json("a\"b\\c\nd\te\r") == #""a\"b\\c\nd\te\r""#)
        #expect(StructuredData.json("</script>&") == #""\u003c/script\u003e\u0026""#)
        #expect(StructuredData.json("行\u{2028}分\u{2029}段\u{1}") == #""行\u2028分\u2029段\u0001""#)
        #expect(StructuredData.json("补偿标准—元") == "\"补偿标准—元\"")
    }

    /// Plain runs are skipped eight bytes at a time: every character that needs an escape is
    /// still found wherever it falls, among Chinese, ASCII and 0xE2-led characters.
    @Test func escapesAreFoundAtEveryOffset() {
        let escapes: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                                                "<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                                "\u{2028}": "\\u2028", "\u{2029}": "\\u2029"]
        func reference(_ s: String) -> String {
            let body = s.unicodeScalars.map { scalar in
                escapes[scalar] ?? (scalar.value < 0x20 ? "\\u00" + String(format: "%02x", scalar.value) : String(scalar))
            }
            return "\"" + body.joined() + "\""
        }
        let fillers = ["补偿标准", "abcdefg", "“—…”", "é"]
        let specials = ["\"", "\\", "\n", "\u{1}", "\u{1F}", "<", ">", "&", "\u{2028}", "\u{2029}", "`", "~"]
        for special in specials {
            for filler in fillers {
                for before in 0..<17 {
                    let head = String(String(repeating: filler, count: 17).unicodeScalars.prefix(before))
                    let text = head + special + String(repeating: filler, count: 3)
                    #expect(StructuredData.json(text) == reference(text), "\(text.debugDescription)")
                }
            }
        }
    }

    @Test func numbersAreWrittenInDecimal() {
        for value in Array(0...20_000) + [99_999, 100_000, 1_234_567, Int(Int32.max), Int.max] {
            var out: [UInt8] = []
            appendNumber(value, to: &out)
            if String(decoding: out, as: UTF8.self) != String(value) { Issue.record("\(value)"); return }
            // The pointer version it calls writes nothing after the digits.
            var buffer = [UInt8](repeating: 0xFF, count: 24)
            let count = buffer.withUnsafeMutableBufferPointer { writeNumber(value, at: $0.baseAddress!) - $0.baseAddress! }
            if count != out.count || buffer[count] != 0xFF { Issue.record("writeNumber \(value)"); return }
        }
    }

    @Test func cutsAtACharacterLimitWithAnEllipsis() {
        var out: [UInt8] = []
        StructuredData.appendJSON("安置补偿标准", to: &out, scalarLimit: 4)
        #expect(String(decoding: out, as: UTF8.self) == "\"安置补偿…\"")
        out = []
        StructuredData.appendJSON("安置补偿", to: &out, scalarLimit: 4)
        #expect(String(decoding: out, as: UTF8.self) == "\"安置补偿\"")
    }
}
