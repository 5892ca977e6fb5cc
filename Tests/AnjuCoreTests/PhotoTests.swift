import Foundation
import Testing
@testable import AnjuCore
@testable import AnjuKernels

/// Photos editors take on their phones: published light, upright, and with nothing that
/// says where they were taken. The photos are made in the test with libvips' command line
/// and tagged with exiftool, which also reads back what Anju published.
@Suite struct PhotoTests {
    /// A 4000 × 3000 phone-like JPEG of about 5 MB, made once per test run.
    static let phonePhoto: [UInt8] = makePhoto(width: 4000, height: 3000, seed: 1)

    static func makePhoto(width: Int, height: Int, seed: Int) -> [UInt8] {
        let path = scratch("photo-\(width)x\(height)-\(seed).jpg")
        let made = shell(repositoryRoot + "/scripts/make-phone-photo.sh", [path, "\(width)", "\(height)", "\(seed)"])
        precondition(made.status == 0, "make-phone-photo.sh failed (libvips-tools missing? `make test-deps`): \(made.output)")
        return [UInt8](FileManager.default.contents(atPath: path)!)
    }

    static func scratch(_ name: String) -> String {
        let folder = NSTemporaryDirectory() + "anju-photo-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/" + UUID().uuidString.prefix(8) + "-" + name
    }

    @discardableResult
    static func shell(_ command: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The photo with exiftool's tags written into it: a GPS position, an orientation.
    static func tagged(_ bytes: [UInt8], ext: String = "jpg", gps: Bool = true, orientation: Int? = nil) -> [UInt8] {
        let path = scratch("tagged.\(ext)")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        var arguments = ["-q", "-overwrite_original", "-n"]
        if gps {
            arguments += ["-GPSLatitude=27.2501", "-GPSLatitudeRef=N", "-GPSLongitude=102.9312", "-GPSLongitudeRef=E",
                          "-XMP:Creator=张某某", "-IPTC:City=巧家"]
        }
        if let orientation { arguments.append("-Orientation=\(orientation)") }
        let result = shell("exiftool", arguments + [path])
        precondition(result.status == 0, "exiftool failed (`make test-deps`): \(result.output)")
        return [UInt8](FileManager.default.contents(atPath: path)!)
    }

    static func withoutMetadata(_ bytes: [UInt8]) -> [UInt8] {
        let path = scratch("bare.jpg")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        shell("exiftool", ["-q", "-overwrite_original", "-all=", path])
        return [UInt8](FileManager.default.contents(atPath: path)!)
    }

    /// What exiftool finds in a file beyond its format's own header: EXIF, XMP, IPTC, GPS,
    /// ICC, maker notes.
    static func metadata(_ bytes: [UInt8], ext: String) -> [String] {
        let path = scratch("read.\(ext)")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let groups = ["[EXIF]", "[XMP", "[IPTC]", "[GPS]", "[ICC", "[MakerNotes]", "[Photoshop]"]
        return shell("exiftool", ["-G", "-a", "-s", path]).output.split(separator: "\n").map(String.init)
            .filter { line in groups.contains { line.hasPrefix($0) } }
    }

    static func size(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        (try? PhotoCodec.header(of: bytes)).map { ($0.width, $0.height) }
    }

    func outputs(_ report: BuildReport) throws -> [String: [UInt8]] {
        let site = try #require(report.sites.first)
        var files: [String: [UInt8]] = [:]
        for file in site.planned.photoOutputs { files[file.path] = file.bytes }
        return files
    }

    @Test func aPhonePhotoIsPublishedAsLightVariantsWithNothingIdentifying() throws {
        var site = TestSite(["notices/yizhen.md": notice("义诊活动", extra: "image: {file: files/yizhen.jpg, alt: 义诊现场}",
                                                         body: "当天的照片：\n\n![排队量血压的居民](../static/files/yizhen.jpg)")])
        let source = Self.tagged(Self.phonePhoto)
        #expect(source.count > 4_000_000, "a phone-sized source: \(source.count) bytes")
        #expect(Self.metadata(source, ext: "jpg").contains { $0.contains("GPSLatitude") }, "the source carries GPS")
        site.rawFiles["test/static/files/yizhen.jpg"] = source
        let report = try site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let files = try outputs(report)
        let widths = files.keys.filter { $0.hasSuffix(".webp") }.compactMap { Int($0.split(separator: "-").last!.dropLast(5)) }.sorted()
        #expect(widths == [240, 480, 960, 1600])
        for (path, bytes) in files {
            #expect(Self.metadata(bytes, ext: String(path.split(separator: ".").last!)) == [], "\(path) carries metadata")
            let (width, height) = try #require(Self.size(bytes))
            #expect(height * 4 == width * 3, "\(path): \(width) × \(height) keeps the 4:3 shape")
        }
        let w480 = try #require(files.first { $0.key.hasSuffix("-480.webp") }).value
        let w1600 = try #require(files.first { $0.key.hasSuffix("-1600.webp") }).value
        #expect(w480.count <= 60 * 1024, "480 px: \(w480.count) bytes")
        #expect(w1600.count <= 200 * 1024, "1600 px: \(w1600.count) bytes")
        #expect(!report.paths().contains("files/yizhen.jpg") && report.sites[0].staticFiles.allSatisfy { $0.outputPath != "files/yizhen.jpg" },
                "the original is not published")
        let gps = report.diagnostics.filter { $0.message.contains("GPS") }
        #expect(gps.count == 1 && gps[0].severity == .warning && gps[0].message.contains("static/files/yizhen.jpg"), "\(gps)")
        #expect(gps.first?.line == 4, "at the line of image:")
    }

    @Test func theOrientationIsAppliedToThePixelsBeforeTheTagIsDropped() throws {
        var site = TestSite(["notices/a.md": notice("施工进度", body: "![三号楼外墙](../static/files/side.jpg)")])
        // Stored 1200 × 900 on its side, as a phone held upright saves it: tag 6 turns it.
        site.rawFiles["test/static/files/side.jpg"] = Self.tagged(Self.makePhoto(width: 1200, height: 900, seed: 2),
                                                                  gps: false, orientation: 6)
        let report = try site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let files = try outputs(report)
        let largest = try #require(files.first { $0.key.hasSuffix("-900.jpg") }, "upright it is 900 wide: \(files.keys.sorted())")
        #expect(Self.size(largest.value)! == (900, 1200))
        #expect(!files.keys.contains { $0.contains("-960.") || $0.contains("-1600.") }, "never enlarged")
        let page = try #require(report.page("notices/a/index.html"))
        #expect(page.contains("width=\"900\" height=\"1200\" alt=\"三号楼外墙\""))
    }

    @Test func pagesUsePicturesWithBoxesSizesAndLazyLoadingBelowTheTop() throws {
        var site = TestSite([
            "notices/yizhen.md": notice("义诊活动", extra: "image: {file: files/a.jpg, alt: 义诊现场}",
                                        body: "照片：\n\n![量血压](../static/files/b.jpg \"第二张\")"),
            "projects/chejian.md": markdown("title: 帮扶车间\nstatus: building\nimage: files/a.jpg", "![车间](../static/files/b.jpg)"),
            "jobs/fengren.md": markdown("title: 招缝纫工\ndate: 2026-11-20\ndeadline: 2026-12-20\nimage: files/a.jpg"),
            "guides/dibao.md": markdown("title: 低保申请\ncategory: 社会救助\nimage: files/a.jpg"),
            "qa/buchang.md": markdown("title: 补偿问答\ncategory: 补偿\nimage: files/a.jpg", "## 补多少？\n\n按标准。"),
        ])
        site.rawFiles["test/static/files/a.jpg"] = Self.makePhoto(width: 1000, height: 750, seed: 3)
        site.rawFiles["test/static/files/b.jpg"] = Self.makePhoto(width: 800, height: 600, seed: 4)
        let report = try site.build()
        let page = try #require(report.page("notices/yizhen/index.html"))
        let pictures = page.components(separatedBy: "<picture>").dropFirst().map { $0.components(separatedBy: "</picture>")[0] }
        #expect(pictures.count == 2)
        let hero = pictures[0], body = pictures[1]
        #expect(hero.contains("<source type=\"image/webp\" srcset=\"/img/") && hero.contains(" 1000w\" sizes=\"\(PictureMarkup.pageSizes)\">"))
        #expect(hero.contains("width=\"1000\" height=\"750\" alt=\"义诊现场\" fetchpriority=\"high\" decoding=\"async\""), "\(hero)")
        #expect(body.contains("width=\"800\" height=\"600\" alt=\"量血压\" title=\"第二张\" loading=\"lazy\" decoding=\"async\""), "\(body)")
        #expect(!page.contains("/files/b.jpg") && !page.contains("/files/a.jpg"), "no link to an unpublished original")
        #expect(page.contains("<meta property=\"og:image\" content=\"https://test.example.org/img/")
                && page.contains("-960.jpg\">"), "the page's photo is what apps show when it is shared")
        // With no photo of its own, a page's first photo near the top loads at once.
        let project = try #require(report.page("projects/chejian/index.html"))
        #expect(project.contains("alt=\"车间\" loading=\"lazy\""), "below the page's own photo")
        let list = try #require(report.page("notices/index.html"))
        #expect(list.contains("<span class=\"thumb\"><picture>") && list.contains("sizes=\"144px\""), "a thumbnail in the list")
        // The contract: a page's image is shown with it in lists, of every section.
        for list in ["projects/index.html", "jobs/index.html", "guides/index.html", "qa/index.html"] {
            #expect(try #require(report.page(list)).contains("<span class=\"thumb\"><picture>"), "\(list)")
        }
        let feed = try #require(report.page("feed.xml"))
        #expect(feed.contains("&lt;img src=&quot;https://test.example.org/img/") && !feed.contains("files/b.jpg"))
    }

    @Test func anUnchangedPhotoIsNotProcessedAgain() throws {
        var site = TestSite(["notices/a.md": notice("义诊", body: "![义诊](../static/files/a.jpg)")])
        site.rawFiles["test/static/files/a.jpg"] = Self.makePhoto(width: 1000, height: 750, seed: 5)
        let store = MemoryPhotoStore()
        let first = try site.build(photoStore: store)
        let made = store.writes
        #expect(made == 9, "four widths in two encodings and their sizes: \(made)")
        let second = try site.build(photoStore: store)
        #expect(store.writes == made, "the second build reads every variant back")
        #expect(try outputs(first) == outputs(second))
        site.rawFiles["test/static/files/a.jpg"] = Self.makePhoto(width: 1000, height: 750, seed: 6)
        let changed = try site.build(photoStore: store)
        #expect(store.writes == made * 2, "a new photo is processed")
        #expect(Set(try outputs(changed).keys).isDisjoint(with: try outputs(first).keys), "new content, new URLs")
    }

    @Test func problemsWithPhotosAreReportedAtTheLineThatUsesThem() throws {
        var site = TestSite([
            "notices/broken.md": notice("坏文件", body: "说明\n\n![坏的](../static/files/broken.jpg)"),
            "notices/gif.md": notice("动图", body: "![动图](../static/files/anim.png)"),
            "notices/small.md": notice("小图", extra: "image: {file: files/small.jpg, alt: 小图}"),
            "notices/huge.md": notice("大图", extra: "image: files/huge.jpg"),
            "notices/none.md": notice("没有", extra: "image: {file: files/none.jpg, alt: 无}"),
            "notices/pdf.md": notice("不是照片", extra: "image: files/a.pdf"),
        ])
        site.rawFiles["test/static/files/broken.jpg"] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 7, count: 5000)
        site.rawFiles["test/static/files/anim.png"] = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 100)
        site.rawFiles["test/static/files/small.jpg"] = Self.makePhoto(width: 320, height: 240, seed: 7)
        // A JPEG decoder stops at the end-of-image marker: 21 MB that are still a photo.
        site.rawFiles["test/static/files/huge.jpg"] = Self.makePhoto(width: 1000, height: 750, seed: 8)
            + [UInt8](repeating: 0, count: 21 * 1024 * 1024)
        site.rawFiles["test/static/files/stray.jpg"] = Array("not a photo".utf8)
        let report = try site.build()
        let found = report.diagnostics.map { "\($0.path.split(separator: "/").last!):\($0.line) \($0.severity.rawValue) \($0.message)" }
        #expect(found.contains { $0.hasPrefix("broken.md:7 error") && $0.contains("cannot be read as a photo") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("gif.md:5 error") && $0.contains("not a JPEG, PNG, WebP or HEIC") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("small.md:4 warning") && $0.contains("only 320 pixels wide") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("huge.md:4 warning") && $0.contains("over 20 MB") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("huge.md:4 warning") && $0.contains("no alt text") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("none.md:4 error") && $0.contains("does not exist") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("pdf.md:4 error") && $0.contains("not a photo") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("stray.jpg:1 warning") && $0.contains("it is not published") }, "\(found)")
        #expect(!report.succeeded)
        // In Chinese, what went wrong: a broken photo is not said to be in another format.
        let chinese = report.diagnostics.map { "\($0.path.split(separator: "/").last!):\($0.line) \($0.wording.chinese)" }
        #expect(chinese.contains { $0.hasPrefix("broken.md:7") && $0.contains("图片内容读不出来") }, "\(chinese)")
        #expect(chinese.contains { $0.hasPrefix("gif.md:5") && $0.contains("不是 JPEG、PNG、WebP 或 HEIC 格式的图片") }, "\(chinese)")
    }

    @Test func aPhotoCutShortByAnInterruptedUploadIsAnErrorNotAGreyPicture() throws {
        let whole = Self.makePhoto(width: 1600, height: 1200, seed: 9)
        var site = TestSite(["notices/cut.md": notice("半张照片", extra: "image: {file: files/cut.jpg, alt: 工地}")])
        site.rawFiles["test/static/files/cut.jpg"] = Array(whole.prefix(whole.count / 3))
        let report = try site.build()
        let error = try #require(report.errors.first { $0.path.hasSuffix("cut.md") }, "\(report.diagnostics)")
        #expect(error.line == 4 && error.message.contains("files/cut.jpg is cut short"), "\(error)")
        #expect(error.wording.chinese.contains("不完整"))
        // A check, which makes no photo, finds it too, from the file's structure.
        let checked = try site.build(processPhotos: false)
        #expect(checked.errors.contains { $0.path.hasSuffix("cut.md") && $0.line == 4 && $0.message.contains("is cut short") },
                "\(checked.diagnostics)")
        site.rawFiles["test/static/files/cut.jpg"] = whole
        #expect(try site.build().succeeded, "the whole photo is published")
        #expect(try site.build(processPhotos: false).succeeded, "and checked")
    }

    /// The structure scan (`PhotoCompleteness`) against its slow twin, libvips decoding with
    /// fail_on=truncated: over JPEG (baseline and progressive, with EXIF), PNG and WebP files
    /// cut at many places, the scan says cut short exactly where the decoder fails.
    @Test func aFileCutShortIsFoundFromItsStructureWhereTheDecoderFails() throws {
        let jpeg = Self.makePhoto(width: 640, height: 480, seed: 21)
        let shrunk = try PhotoCodec.Shrunk(jpeg, width: 320)
        let progressivePath = Self.scratch("progressive.jpg")
        FileManager.default.createFile(atPath: progressivePath, contents: Data(jpeg))
        let converted = Self.scratch("progressive-out.jpg")
        Self.shell("vips", ["jpegsave", progressivePath, converted, "--interlace", "--Q", "80"])
        let progressive = [UInt8](FileManager.default.contents(atPath: converted) ?? Data())
        #expect(!progressive.isEmpty, "vips jpegsave --interlace")
        let files: [(String, [UInt8])] = [("jpeg", jpeg), ("progressive jpeg", progressive),
                                          ("png", try shrunk.encoded(.png, quality: 90)), ("webp", try shrunk.encoded(.webp, quality: 80))]
        for (kind, whole) in files where !whole.isEmpty {
            #expect(PhotoCompleteness.of(whole) == .whole, "\(kind)")
            let n = whole.count
            var cuts = Set([n - 1, n - 2, n - 3, n - 12, n - 13, 20, 100, 400])
            for k in 1..<24 { cuts.insert(n * k / 24) }
            for cut in cuts.sorted() where cut > 12 && cut < n {
                let part = Array(whole.prefix(cut))
                let scanned = PhotoCompleteness.of(part)
                let decodes = (try? PhotoCodec.Shrunk(part, width: 64)) != nil
                // Only the JPEG's end marker missing: every pixel is there, and libvips reads
                // the marker (and so fails) only when it finishes, which may come after the
                // picture is returned. The scan says cut short, which it is.
                if kind.hasSuffix("jpeg") && cut >= n - 2 { #expect(scanned == .cutShort, "\(kind) cut at \(cut) of \(n)"); continue }
                // A PNG that ends with its last chunk, or in its IEND, is left to the decoder.
                if scanned == .unknown { #expect(kind == "png" && cut >= n - 12, "\(kind) cut at \(cut) of \(n)"); continue }
                #expect(scanned == (decodes ? .whole : .cutShort), "\(kind) cut at \(cut) of \(n): scan \(scanned), decodes \(decodes)")
            }
        }
    }

    @Test func aPhonesVideoAfterTheJPEGAndHEIFBoxesAreReadForTheirEnds() {
        let jpeg = Self.makePhoto(width: 320, height: 240, seed: 22)
        // A motion photo: the video follows the JPEG's EOI, and is not the photo's concern.
        #expect(PhotoCompleteness.of(jpeg + Array("ftypmp42 video bytes".utf8)) == .whole)
        func box(_ type: String, _ size: UInt32, body: Int) -> [UInt8] { bigEndianBytes(size) + Array(type.utf8) + [UInt8](repeating: 7, count: body) }
        let ftyp = box("ftyp", 16, body: 8), meta = box("meta", 40, body: 32)
        #expect(PhotoCompleteness.of(ftyp + meta + box("mdat", 1_000, body: 992)) == .whole)
        #expect(PhotoCompleteness.of(ftyp + meta + box("mdat", 1_000, body: 500)) == .cutShort)
        #expect(PhotoCompleteness.of(ftyp + meta + box("mdat", 0, body: 500)) == .whole, "size 0: to the end of the file")
        #expect(PhotoCompleteness.of(ftyp + meta + Array(box("mdat", 1_000, body: 0).prefix(5))) == .cutShort)
        #expect(PhotoCompleteness.of(Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 20)) == .unknown)
        // A 64-bit size from the file near 2^64 is a box longer than the file, not an overflow.
        let huge = bigEndianBytes(1) + Array("mdat".utf8) + [UInt8](repeating: 0xFF, count: 8) + [1, 2, 3]
        #expect(PhotoCompleteness.of(ftyp + huge) == .cutShort)
    }

    @Test func aPhotoOfMoreThan80MegapixelsIsRefusedFromItsHeader() throws {
        // 88 KB of PNG that would decode to 270 MB.
        let path = Self.scratch("bomb.png")
        try #require(Self.shell("vips", ["black", path, "10000", "9000"]).status == 0)
        var site = TestSite(["notices/a.md": notice("大图", body: "![大图](../static/files/bomb.png)")])
        site.rawFiles["test/static/files/bomb.png"] = [UInt8](FileManager.default.contents(atPath: path)!)
        let report = try site.build()
        #expect(report.errors.map(\.message) == ["static/files/bomb.png is 10000 × 9000 pixels, too large to publish"]
                    .map { "content/test/" + $0 }, "\(report.diagnostics)")
        #expect(report.errors.first?.line == 5)
    }

    @Test func originalsArePublishedOnlyWhenAskedForAndThenStripped() throws {
        var site = TestSite([
            "notices/asked.md": notice("原图", extra: "original: true", body: "![现场](../static/files/asked.jpg)\n\n![车间](<../static/files/车间 照片.jpg>)"),
            "notices/plain.md": notice("不要原图", body: "![现场](../static/files/plain.jpg)"),
            "notices/linked.md": notice("下载", body: "[下载照片](../static/files/linked.jpg)"),
        ])
        site.rawFiles["test/static/files/asked.jpg"] = Self.tagged(Self.makePhoto(width: 900, height: 600, seed: 9), orientation: 6)
        site.rawFiles["test/static/files/plain.jpg"] = Self.tagged(Self.makePhoto(width: 900, height: 600, seed: 10))
        site.rawFiles["test/static/files/车间 照片.jpg"] = Self.tagged(Self.makePhoto(width: 900, height: 600, seed: 13))
        site.rawFiles["test/static/files/linked.jpg"] = Self.tagged(Self.makePhoto(width: 900, height: 600, seed: 11))
        // A logo a template names: no metadata, so published byte for byte.
        let logo = Self.withoutMetadata(Self.makePhoto(width: 200, height: 100, seed: 12))
        site.rawFiles["test/static/logo.jpg"] = logo
        let report = try site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let files = try outputs(report)
        let asked = try #require(files["files/asked.jpg"])
        #expect(Self.metadata(asked, ext: "jpg") == [] && Self.size(asked)! == (600, 900), "stripped and upright")
        #expect(try #require(report.page("notices/asked/index.html")).contains("<a class=\"photo-original\" href=\"/files/asked.jpg\""))
        #expect(try #require(report.page("notices/asked/index.html")).contains("<a class=\"photo-original\" href=\"/files/%E8%BD%A6%E9%97%B4%20%E7%85%A7%E7%89%87.jpg\""),
                "a name with a space and Chinese, percent-encoded")
        #expect(files["files/plain.jpg"] == nil)
        #expect(Self.metadata(try #require(files["files/linked.jpg"]), ext: "jpg") == [])
        let statics = report.sites[0].staticFiles.map(\.outputPath)
        #expect(statics == ["logo.jpg"], "\(statics)")
        let published = try #require(report.sites[0].staticFiles.first)
        #expect(try site.fileSystem().read(published.sourcePath) == logo && Self.metadata(logo, ext: "jpg") == [])
    }

    @Test func aHEICPhotoIsPublishedAsWebPAndJPEG() throws {
        let jpeg = Self.scratch("h.jpg"), heic = Self.scratch("h.heic")
        #expect(FileManager.default.createFile(atPath: jpeg, contents: Data(Self.makePhoto(width: 1200, height: 900, seed: 13))))
        let made = Self.shell("vips", ["copy", jpeg, heic])
        try #require(made.status == 0, "libvips here cannot write HEIC: \(made.output)")
        var site = TestSite(["notices/a.md": notice("苹果手机照片", extra: "image: {file: files/iphone.heic, alt: 活动}")])
        site.rawFiles["test/static/files/iphone.heic"] = Self.tagged([UInt8](FileManager.default.contents(atPath: heic)!), ext: "heic")
        let report = try site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let files = try outputs(report)
        #expect(files.keys.filter { $0.hasSuffix(".webp") }.count == 4 && files.keys.filter { $0.hasSuffix(".jpg") }.count == 4)
        for (path, bytes) in files { #expect(Self.metadata(bytes, ext: String(path.split(separator: ".").last!)) == [], "\(path)") }
        #expect(report.diagnostics.contains { $0.message.contains("iphone.heic records the place") })
    }

    @Test func checkReadsOnlyTheHeadersAndWarnsOfGPS() throws {
        var site = TestSite(["notices/a.md": notice("义诊", body: "![义诊](../static/files/a.jpg)")])
        site.rawFiles["test/static/files/a.jpg"] = Self.tagged(Self.makePhoto(width: 800, height: 600, seed: 14))
        let store = MemoryPhotoStore()
        let report = try site.build(photoStore: store, processPhotos: false)
        #expect(report.diagnostics.contains { $0.severity == .warning && $0.message.contains("files/a.jpg records the place where it was taken (GPS)") })
        #expect(store.writes == 0)
    }

    @Test func theWebPMetadataChunksAreDroppedAndTheFileStaysValid() throws {
        func chunk(_ name: String, _ payload: [UInt8]) -> [UInt8] {
            let n = payload.count
            return Array(name.utf8) + [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24 & 0xFF)]
                + payload + (n % 2 == 1 ? [0] : [])
        }
        let vp8x = chunk("VP8X", [0x2C, 0, 0, 0, 9, 0, 0, 9, 0, 0])
        let image = chunk("VP8 ", [1, 2, 3])
        let body = Array("WEBP".utf8) + vp8x + chunk("ICCP", [9, 9]) + image + chunk("EXIF", [1, 2, 3, 4, 5]) + chunk("XMP ", [7])
        let n = body.count
        let file = Array("RIFF".utf8) + [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), 0, 0] + body
        let stripped = WebPMetadata.stripped(file)
        let expectedBody = Array("WEBP".utf8) + chunk("VP8X", [0x00, 0, 0, 0, 9, 0, 0, 9, 0, 0]) + image
        #expect(Array(stripped[12...]) == Array(expectedBody[4...]))
        #expect(Int(stripped[4]) | Int(stripped[5]) << 8 == expectedBody.count)
        #expect(WebPMetadata.stripped(Array(file.prefix(33))) == Array(file.prefix(33)), "a cut file is left alone")
        // And on a real file from libvips, which writes an EXIF chunk even when told to strip.
        let shrunk = try PhotoCodec.Shrunk(Self.tagged(Self.makePhoto(width: 600, height: 400, seed: 15)), width: 300)
        let webp = try shrunk.encoded(.webp, quality: 75)
        #expect(Self.metadata(webp, ext: "webp") == [] && Self.size(webp)! == (300, 200))
    }
}

/// The sample sites through the real `anju`: the photos' cache beside the content folder,
/// and a GPS position written into a sample photo on purpose, which no published file keeps.
@Suite struct PhotoCommandLineTests {
    @Test func theSamplePhotosArePublishedWithoutTheGPSWrittenIntoThemAndCachedForTheNextBuild() throws {
        let root = PhotoTests.scratch("sample")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for folder in ["content", "templates"] {
            try FileManager.default.copyItem(atPath: repositoryRoot + "/" + folder, toPath: root + "/" + folder)
        }
        let photo = root + "/content/wenbi/static/photos/bangfu-chejian-jindu.jpg"
        let tagged = PhotoTests.tagged([UInt8](FileManager.default.contents(atPath: photo)!))
        #expect(FileManager.default.createFile(atPath: photo, contents: Data(tagged)))

        let check = try runAnju(["check", "--site", "wenbi", "--now", "2026-11-29 10:00"], in: root)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("content/wenbi/projects/bangfu-chejian.md:13:8: warning: content/wenbi/static/photos/bangfu-chejian-jindu.jpg records the place where it was taken (GPS)"),
                "\(check.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/.anju-cache"), "check makes no copies")

        let build = try runAnju(["build", "--site", "wenbi", "--now", "2026-11-29 10:00"], in: root)
        #expect(build.status == 0, "\(build.stderr)")
        let published = try FileManager.default.contentsOfDirectory(atPath: root + "/public/wenbi/img")
        #expect(published.count == 8, "\(published)")
        for name in published {
            let bytes = [UInt8](FileManager.default.contents(atPath: root + "/public/wenbi/img/" + name)!)
            #expect(PhotoTests.metadata(bytes, ext: String(name.split(separator: ".").last!)) == [], "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/public/wenbi/photos/bangfu-chejian-jindu.jpg"))
        let cached = try FileManager.default.contentsOfDirectory(atPath: root + "/.anju-cache/photos")
        #expect(cached.count == 9, "\(cached)")
        let page = try String(contentsOfFile: root + "/public/wenbi/projects/bangfu-chejian/index.html", encoding: .utf8)
        #expect(page.contains("alt=\"示例照片：帮扶车间二期施工进度\" fetchpriority=\"high\""))

        // Again, with the cache emptied of nothing: no photo is processed, the output is the same.
        let modified = try FileManager.default.attributesOfItem(atPath: root + "/.anju-cache/photos/" + cached.sorted()[0])[.modificationDate] as? Date
        let again = try runAnju(["build", "--site", "wenbi", "--now", "2026-11-29 10:00"], in: root)
        #expect(again.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.anju-cache/photos").sorted() == cached.sorted())
        #expect(try FileManager.default.attributesOfItem(atPath: root + "/.anju-cache/photos/" + cached.sorted()[0])[.modificationDate] as? Date == modified,
                "the cached variant was read, not written again")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/public/wenbi/img").sorted() == published.sorted())
    }
}
