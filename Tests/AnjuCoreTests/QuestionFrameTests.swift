import Foundation
import Testing
@testable import AnjuCore

/// `Tests/vectors/question-frame.json`, which `tests/js/question-frame.test.mjs` reads too:
/// the browser and the build read a spoken question's frame, and ship the lexicon, alike.
@Suite struct QuestionFrameTests {
    struct Vectors: Codable {
        struct Frame: Codable { var question: String; var core: String; var frameOnly: Bool }
        struct LexiconCase: Codable { var query: String; var siteText: String; var groups: [[String]]?; var variants: [String]? }
        var about: String
        var framePhrases: [String]
        var frameParticles: [String]
        var frame: [Frame]
        var lexicon: [LexiconCase]
    }

    static let path = repositoryRoot + "/Tests/vectors/question-frame.json"
    static let vectors = try! JSONDecoder().decode(Vectors.self, from: FileManager.default.contents(atPath: path)!)

    @Test func theFrameWordsAreTheBrowsers() {
        #expect(QuestionFrame.phrases == Self.vectors.framePhrases)
        #expect(QuestionFrame.particles == Set(Self.vectors.frameParticles.flatMap(\.unicodeScalars)))
    }

    @Test func aQuestionWithoutItsFrameIsWhatTheBrowserLooksUp() {
        for v in Self.vectors.frame {
            let (core, frameOnly) = QuestionFrame.core(of: v.question)
            #expect(core == v.core && frameOnly == v.frameOnly, "\(v.question)")
        }
    }

    /// The groups of the built-in lexicon the build ships to a site holding `siteText`, those
    /// the query meets; `ANJU_UPDATE_VECTORS=1` writes them (the JS test then adds `variants`).
    @Test func aSiteShipsTheLexiconGroupsItsTextReaches() throws {
        var vectors = Self.vectors
        for (i, v) in vectors.lexicon.enumerated() {
            let site = SearchEntry(url: "/a/", title: "通知", headings: [], body: v.siteText, section: .notice,
                                   category: nil, date: "2026-11-20", parent: nil)
            let index = SearchIndexBuilder().build([site], synonyms: SynonymsParser.merge(Lexicon.groups))
            let wordsFile = try #require(index.jsonFiles.first { $0.path == index.words })
            let words = try #require(try JSONSerialization.jsonObject(with: Data(wordsFile.bytes)) as? [String: Any])
            let shipped = try #require(words["synonyms"] as? [[String]])
            let query = SearchText.normalize(v.query)
            let met = shipped.filter { $0.contains { query.contains(SearchText.normalize($0)) } }
            #expect(!met.isEmpty, "\(v.query): no lexicon group reaches it on a site holding \(v.siteText)")
            if ProcessInfo.processInfo.environment["ANJU_UPDATE_VECTORS"] != nil {
                vectors.lexicon[i].groups = met
            } else {
                #expect(met == v.groups, "\(v.query)")
            }
        }
        if ProcessInfo.processInfo.environment["ANJU_UPDATE_VECTORS"] != nil {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
            try encoder.encode(vectors).write(to: URL(fileURLWithPath: Self.path))
        }
    }

    @Test func aDialectQuestionWordIsShippedEvenWhereTheSiteNeverWritesIt() throws {
        let site = SearchEntry(url: "/a/", title: "停水", headings: [], body: "明天停水。", section: .notice,
                               category: nil, date: "2026-11-20", parent: nil)
        let index = SearchIndexBuilder().build([site], synonyms: [["咋个办", "办理流程"], ["娃娃", "儿童"]])
        let wordsFile = try #require(index.jsonFiles.first { $0.path == index.words })
        let words = try #require(try JSONSerialization.jsonObject(with: Data(wordsFile.bytes)) as? [String: Any])
        #expect(words["synonyms"] as? [[String]] == [["咋个办", "办理流程"]],
                "停水办理流程 → 停水咋个办, read as 停水; 儿童 is not on the site")
    }
}
