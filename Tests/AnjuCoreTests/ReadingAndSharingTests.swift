import Foundation
import Testing
@testable import AnjuCore
@testable import AnjuKernels

/// 适老化: a recording played before the text, the 朗读 button where synthesis is used, and
/// the card apps show when a page is shared.
@Suite struct ReadingAndSharingTests {
    /// A WAV of `seconds` of silence: 8 kHz, 8-bit, mono.
    static func wav(seconds: Int) -> [UInt8] {
        func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8((v >> 24) & 0xFF)] }
        let data = 8000 * seconds
        return Array("RIFF".utf8) + le32(36 + data) + Array("WAVEfmt ".utf8) + le32(16) + [1, 0, 1, 0] + le32(8000) + le32(8000)
            + [1, 0, 8, 0] + Array("data".utf8) + le32(data) + [UInt8](repeating: 128, count: data)
    }

    @Test func aRecordingIsPlayedBeforeTheTextAndReplacesSynthesis() throws {
        var site = TestSite(["notices/a.md": notice("停水通知", extra: "audio: files/tingshui.wav", body: "明天停水。")])
        site.rawFiles["test/static/files/tingshui.wav"] = Self.wav(seconds: 65)
        let report = try site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = try #require(report.page("notices/a/index.html"))
        #expect(page.contains("<figcaption>听录音 · 1分05秒 · 508 KB</figcaption><audio controls preload=\"metadata\" src=\"/files/tingshui.wav\">"))
        let player = try #require(page.range(of: "<audio")), text = try #require(page.range(of: "<p>明天停水"))
        #expect(player.lowerBound < text.lowerBound, "the recording comes before the text")
        #expect(!page.contains("class=\"read-aloud\""), "the recording is preferred over synthesis")
        let plain = try #require(try TestSite(["notices/a.md": notice("停水通知")]).build().page("notices/a/index.html"))
        #expect(plain.contains("<button type=\"button\" class=\"read-aloud\" data-read=\"main article\""))
        #expect(plain.contains(" hidden>朗读</button>"), "shown by the page's script only where a Chinese voice exists")
    }

    @Test func aRecordingIsCheckedAtItsLine() throws {
        var site = TestSite(["notices/big.md": notice("大文件", extra: "audio: files/big.mp3"),
                             "notices/none.md": notice("没有文件", extra: "audio: files/none.m4a"),
                             "notices/amr.md": notice("微信语音", extra: "audio: files/voice.amr")])
        site.rawFiles["test/static/files/big.mp3"] = [UInt8](repeating: 0, count: 6 * 1024 * 1024)
        let report = try site.build()
        let found = report.diagnostics.map { "\($0.path.split(separator: "/").last!):\($0.line) \($0.severity.rawValue) \($0.message)" }
        #expect(found.contains { $0.hasPrefix("big.md:4 warning") && $0.contains("over 5 MB") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("none.md:4 error") && $0.contains("does not exist") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("amr.md:4 error") && $0.contains("not a recording browsers play") }, "\(found)")
    }

    @Test func lengthsAreReadFromTheCommonFormats() {
        #expect(AudioDuration.seconds(of: Self.wav(seconds: 3)) == 3)
        // An MP4 with only ftyp and moov/mvhd: timescale 1000, duration 42,500.
        func box(_ type: String, _ payload: [UInt8]) -> [UInt8] { bigEndianBytes(UInt32(8 + payload.count)) + Array(type.utf8) + payload }
        let mvhd = box("mvhd", [0, 0, 0, 0] + [UInt8](repeating: 0, count: 8) + bigEndianBytes(1000) + bigEndianBytes(42_500) + [UInt8](repeating: 0, count: 80))
        let mp4 = box("ftyp", Array("M4A ".utf8) + [0, 0, 0, 0]) + box("moov", mvhd)
        #expect(AudioDuration.seconds(of: mp4) == 42.5)
        // An MPEG-1 Layer III frame header at 128 kbit/s, 44.1 kHz: 16,000 bytes a second.
        let mp3: [UInt8] = [0xFF, 0xFB, 0x90, 0x00] + [UInt8](repeating: 0, count: 31_996)
        #expect(AudioDuration.seconds(of: mp3) == 2)
        #expect(AudioDuration.seconds(of: Array("not audio".utf8)) == nil)
        #expect(AudioDuration.label(42.5) == "43秒" || AudioDuration.label(42.5) == "42秒")
    }

    @Test func everyPageHasAShareCardDrawnInTheSitesColour() throws {
        let report = try TestSite(["notices/a.md": notice("停水通知", extra: "summary: 明天8点到18点停水。")]).build()
        let files = try #require(report.sites.first).files
        let card = try #require(files.first { $0.path.hasPrefix("assets/share.") && $0.path.hasSuffix(".png") })
        #expect(card.bytes.count <= 50 * 1024)
        #expect(card.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(Array(card.bytes[16..<24]) == bigEndianBytes(1200) + bigEndianBytes(630))
        // The palette's first colour is the site's.
        let plte = try #require(card.bytes.indices.first { card.bytes[$0..<($0 + 4)].elementsEqual("PLTE".utf8) })
        #expect(Array(card.bytes[(plte + 4)..<(plte + 7)]) == [0x1A, 0x5F, 0xA8])
        let page = try #require(report.page("notices/a/index.html"))
        #expect(page.contains("<meta property=\"og:title\" content=\"停水通知\">"))
        let list = try #require(report.page("notices/index.html"))
        #expect(list.contains("<meta property=\"og:title\" content=\"通知公告 - 测试社区\">"), "a list shared says whose it is")
        #expect(page.contains("<meta property=\"og:description\" content=\"明天8点到18点停水。\">"))
        #expect(page.contains("<meta property=\"og:image\" content=\"https://test.example.org/\(card.path)\">"))
    }

    @Test func aSitesOwnShareImageIsUsedAndChecked() throws {
        var site = TestSite(["notices/a.md": notice("通知")])
        site.files["test/site.yml"] = TestSite.siteYML + "\nshare_image: files/share.png"
        site.rawFiles["test/static/files/share.png"] = [0x89, 0x50, 0x4E, 0x47]
        let report = try site.build()
        #expect(try #require(report.page("index.html")).contains("<meta property=\"og:image\" content=\"https://test.example.org/files/share.png\">"))
        #expect(!(try #require(report.sites.first).files.contains { $0.path.hasPrefix("assets/share.") }))
        // Files named with spaces and Chinese, as editors name them: their URLs percent-encoded
        // wherever a page names them, as a link in a body does (a space is no URL's).
        var spaced = TestSite(["notices/a.md": notice("方言通知", extra: "audio: files/方言 通知.wav")])
        spaced.files["test/site.yml"] = TestSite.siteYML + "\nshare_image: files/share 图.png"
        spaced.rawFiles["test/static/files/share 图.png"] = [0x89, 0x50, 0x4E, 0x47]
        spaced.rawFiles["test/static/files/方言 通知.wav"] = Self.wav(seconds: 5)
        let spacedReport = try spaced.build()
        let home = try #require(spacedReport.page("index.html")), played = try #require(spacedReport.page("notices/a/index.html"))
        #expect(home.contains("content=\"https://test.example.org/files/share%20%E5%9B%BE.png\""), "\(home)")
        #expect(played.contains("src=\"/files/%E6%96%B9%E8%A8%80%20%E9%80%9A%E7%9F%A5.wav\""))
        #expect(!played.contains("方言 通知.wav\""))
        var missing = TestSite(["notices/a.md": notice("通知")])
        missing.files["test/site.yml"] = TestSite.siteYML + "\nshare_image: files/none.png"
        #expect(try missing.build().errors.contains { $0.line == 4 && $0.message.contains("share_image 'files/none.png' does not exist") })
    }
}

/// Mends from reading the whole change again: each input that broke something.
@Suite struct ReviewMendTests {
    @Test func aHostileRecordingHasNoLengthRatherThanACrash() {
        func box(_ type: String, _ payload: [UInt8]) -> [UInt8] { bigEndianBytes(UInt32(8 + payload.count)) + Array(type.utf8) + payload }
        let mvhd = box("mvhd", [1, 0, 0, 0] + [UInt8](repeating: 0, count: 16) + bigEndianBytes(1) + [UInt8](repeating: 0xFF, count: 8) + [UInt8](repeating: 0, count: 80))
        let mp4 = box("ftyp", Array("M4A ".utf8) + [0, 0, 0, 0]) + box("moov", mvhd)
        #expect(AudioDuration.seconds(of: mp4) == nil)
        #expect(AudioDuration.label(.greatestFiniteMagnitude) == "1440分00秒")
        #expect(AudioDuration.seconds(of: Array("OggS".utf8) + [0, 2, 0xFF, 0xFB, 0x90, 0] + [UInt8](repeating: 0, count: 4000)) == nil)
    }

    @Test func recordingsPlayOnQATopicsAndFreePagesToo() throws {
        var site = TestSite(["qa/a.md": markdown("title: 问答\ncategory: 补偿补助\naudio: files/a.wav", "## 问题？\n\n回答。"),
                             "pages/about.md": markdown("title: 关于\naudio: files/a.wav")])
        site.rawFiles["test/static/files/a.wav"] = ReadingAndSharingTests.wav(seconds: 2)
        let report = try site.build()
        #expect(try #require(report.page("qa/a/index.html")).contains("<audio controls"))
        #expect(try #require(report.page("about/index.html")).contains("<audio controls"))
        let without = try TestSite(["pages/about.md": markdown("title: 关于"), "qa/a.md": markdown("title: 问答\ncategory: 补偿补助")]).build()
        #expect(!(try #require(without.page("about/index.html"))).contains("<audio"), "no player without a recording")
        #expect(!(try #require(without.page("qa/a/index.html"))).contains("<audio"))
    }

    @Test func theLastDayOfAPublicityIsTheCalendarsNotTheWorkingDaysCount() throws {
        // Saturday 2024-06-08; 06-10 is 端午, so one working day (Tuesday) is left: not today's end.
        let report = try TestSite(["notices/a.md": notice("公示", date: "2024-06-03 09:00",
                                                          extra: "publicity: {start: 2024-06-03, end: 2024-06-11}")])
            .build(now: ChinaTime.parse("2024-06-08 10:00")!)
        let page = shownText(try #require(report.page("publicity/index.html")))
        #expect(page.contains("还剩1个工作日") && !page.contains("今天截止"))
        let weekend = try TestSite(["notices/a.md": notice("公示", date: "2024-06-03 09:00",
                                                           extra: "publicity: {start: 2024-06-03, end: 2024-06-09}")])
            .build(now: ChinaTime.parse("2024-06-08 10:00")!)
        #expect(shownText(try #require(weekend.page("publicity/index.html"))).contains("2024-06-09截止"))
    }

    @Test func phoneNumbersInFieldsAreTappable() throws {
        let job = markdown("title: 招工\ndate: 2026-11-20 09:00\ndeadline: 2026-12-20\nrequirements: 报名请打13800000009\nplace: 车间<b>二楼</b>")
        let report = try TestSite(["jobs/a.md": job]).build()
        let page = try #require(report.page("jobs/a/index.html"))
        #expect(page.contains("<dd>报名请打<a href=\"tel:13800000009\">13800000009</a></dd>"))
        #expect(page.contains("<dd>车间&lt;b&gt;二楼&lt;/b&gt;</dd>"), "a field's text is still escaped")
    }

    @Test func aWideLineInsideCodeIsNoTable() throws {
        let code = "```\n" + String(repeating: "|", count: 500) + "\n```\n\n    " + String(repeating: "|", count: 500)
        #expect(try TestSite(["notices/a.md": notice("日志", body: code)]).build().succeeded)
    }

    @Test func aVeryLongSiteNameStillDrawsACard() throws {
        let png = try #require(ShareCard.png(name: String(repeating: "文笔社区", count: 60), tagline: "通知公告", color: "#1a5fa8"))
        #expect(png.count <= 50 * 1024)
    }

    @Test func buildingsThreeAndZeroThreeAreOne() throws {
        let grid = "grids:\n  - id: 1\n    manager: {name: 张某某, phone: 13800000001}\n    buildings:\n      - id: 3\n      - id: \"03\"\n"
        let report = try TestSite(["grid.yml": grid]).build()
        #expect(report.errors.contains { $0.line == 6 && $0.message.contains("building 03 is listed twice (first at line 5)") })
        #expect(SearchEntry.buildingKey("007") == "7" && SearchEntry.buildingKey("A") == "a" && SearchEntry.buildingKey("0") == "0")
    }
}
