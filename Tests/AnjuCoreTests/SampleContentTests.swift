import Foundation
import Testing
@testable import AnjuCore

/// The sample content in content/ is the product's demo: it must build cleanly and carry
/// everything the portals promise.
@Suite struct SampleContentTests {
    static let report: BuildReport? = {
        var options = BuildOptions(now: fixedNow)
        options.contentDirectory = repositoryRoot + "/content"
        options.templatesDirectory = repositoryRoot + "/templates"
        return try? Builder().build(options)
    }()

    static let sites = ["binjiang", "qiujiayu", "wenbi"]

    @Test func buildsWithoutErrorsOrWarnings() throws {
        let report = try #require(Self.report)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(report.sites.map(\.id) == Self.sites)
    }

    @Test(arguments: sites)
    func eachSiteHasTheNoticesEditorsNeedToSee(_ site: String) throws {
        let report = try #require(Self.report)
        let notices = report.paths(site: site).filter { $0.hasPrefix("notices/") && !$0.hasPrefix("notices/page/") && $0 != "notices/index.html" }
        #expect(notices.count >= 8)
        let pages = notices.compactMap { report.page($0, site: site) }
        #expect(pages.contains { $0.contains("<span class=\"badge urgent\">紧急</span>") && !$0.contains("本通知已过期") })
        #expect(pages.contains { $0.contains("<span class=\"badge pinned\">置顶</span>") && !$0.contains("本通知已过期") })
        #expect(pages.contains { $0.contains("本通知已过期") })
        #expect(pages.contains { $0.contains("<dt>公示期</dt>") })
        #expect(pages.contains { $0.contains("download>") && $0.contains("PDF，") })
        let home = try #require(report.page("index.html", site: site))
        #expect(home.contains("重要提醒"))
    }

    @Test func policyQAHasTheSixCategoriesAndEnoughQuestions() throws {
        let report = try #require(Self.report)
        for site in Self.sites {
            let index = try #require(report.page("qa/index.html", site: site))
            for category in Planner.standardCategories { #expect(index.contains("<h2 id=\"\(category)\">\(category)</h2>")) }
            let questions = index.components(separatedBy: "<ul class=\"questions\">").dropFirst()
                .reduce(0) { $0 + $1.components(separatedBy: "</ul>")[0].components(separatedBy: "<li>").count - 1 }
            #expect(questions >= 25, "\(site) has \(questions) questions")
        }
    }

    @Test func namedSupportProjectsAndRealFigures() throws {
        let report = try #require(Self.report)
        for site in Self.sites {
            let list = try #require(report.page("projects/index.html", site: site))
            for name in ["绥江半山酒店", "巧家七里标准化厂房", "大关县竹笋加工厂", "邵女坪"] { #expect(list.contains(name)) }
        }
        #expect(try #require(report.page("projects/index.html", site: "wenbi")).contains("帮扶车间"))
        let figures = ["wenbi": ["5100", "1500", "11个居民小组", "98"], "qiujiayu": ["6053", "15个居民小组"],
                       "binjiang": ["1661", "4484", "10个居民小组"]]
        for (site, expected) in figures {
            let about = try #require(report.page("about/index.html", site: site))
            for figure in expected { #expect(about.contains(figure), "\(site) about page lacks \(figure)") }
            #expect(report.paths(site: site).isSuperset(of: ["contact/index.html", "guide/index.html"]))
        }
    }
}
