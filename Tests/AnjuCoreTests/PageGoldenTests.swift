import Foundation
import Testing
@testable import AnjuCore

/// The grid directory and a service guide, compared whole with golden pages: any change to
/// what residents read there shows in review. Set ANJU_UPDATE_GOLDEN=1 to rewrite the files
/// after an intended change, and review the diff.
@Suite struct PageGoldenTests {
    static let fixtures = repositoryRoot + "/Tests/fixtures/"

    /// The page's <main>, where the directory or guide is: the frame around it has its own tests.
    func main(_ page: String) throws -> String {
        let start = try #require(page.range(of: "<main id=\"main\" class=\"wrap\">"))
        let end = try #require(page.range(of: "</main>"))
        return String(page[start.lowerBound..<end.upperBound]) + "\n"
    }

    func compare(_ page: String, golden name: String) throws {
        // Fingerprinted asset names change with the theme's files, not with this page.
        let text = page.replacingOccurrences(of: #"/assets/([a-z-]+)\.[0-9a-f]{10}\."#, with: "/assets/$1.HASH.", options: .regularExpression)
        let path = Self.fixtures + name
        if ProcessInfo.processInfo.environment["ANJU_UPDATE_GOLDEN"] != nil {
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        }
        #expect(text == (try String(contentsOfFile: path, encoding: .utf8)), "\(name) differs from the golden file")
    }

    @Test func theGridDirectoryMatchesItsGoldenPage() throws {
        let report = try TestSite(["grid.yml": GridDirectoryTests.grid]).build()
        try compare(try main(try #require(report.page("grid/index.html"))), golden: "grid-page.html")
    }

    @Test func aServiceGuideMatchesItsGoldenPage() throws {
        let report = try TestSite(["guides/gaoling-butie.md": ServiceGuideTests.guide]).build()
        let page = try #require(report.page("guides/gaoling-butie/index.html"))
        // The QR code's SVG is checked by decoding it elsewhere; here it would only be noise.
        var text = try main(page)
        if let svg = text.range(of: "<svg"), let end = text.range(of: "</svg>") { text.replaceSubrange(svg.lowerBound..<end.upperBound, with: "<svg/>") }
        try compare(text, golden: "guide-page.html")
    }
}
