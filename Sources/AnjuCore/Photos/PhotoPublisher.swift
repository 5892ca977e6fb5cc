import AnjuKernels
import Foundation

/// A file the photos stage publishes, read back from the photo store when it is written.
public struct PhotoFile: Sendable, Hashable {
    /// Where it lands under `public/<site>/`.
    public var path: String
    public var key: String
}

/// Photos stage: every photo a page shows is published as upright, metadata-free variants
/// of a few widths (WebP and a JPEG or PNG fallback), and no photo is ever published as the
/// editor's phone saved it. A photo no page shows (a logo a template names, the share image)
/// and one a page links to or asks the original of (`original: true`) is published at its
/// own path: as it is when it carries no EXIF, XMP or IPTC, otherwise saved again without.
struct PhotoPublisher {
    /// Variant widths in CSS pixels × density: list thumbnails, phones, tablets, desktops.
    static let widths = [240, 480, 960, 1600]
    /// Part of every cache key and URL: a change of encoder settings makes new files, so
    /// neither the cache nor a resident's browser keeps an old rendering.
    static let settings = "anju-photo-1;webp75;jpeg75;budget;240,480,960,1600"
    static let largeSource = 20 * 1024 * 1024
    static let smallestUsefulWidth = 480
    /// A decompression bomb (a tiny PNG of 100,000 × 100,000) is refused before decoding.
    static let maximumPixels = 80_000_000

    /// nil when only checking: headers are read and problems reported, nothing is made.
    var store: (any PhotoStore)?
    var readFile: @Sendable (StaticFile) throws -> [UInt8]

    struct Use: Sendable {
        var location: SourceLocation
        /// Shown as a picture (`![…](…)` or `image:`), not only linked to.
        var shown: Bool
        var wantsOriginal: Bool
    }

    struct Result: Sendable {
        var photos: [String: PublishedPhoto] = [:]
        var files: [PhotoFile] = []
        /// The site's static files with every photo taken out but those published as they are.
        var staticFiles: [StaticFile] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Where each static photo is used: page images and Markdown images and links.
    static func uses(in plan: SitePlan, staticFiles: [String: StaticFile]) -> ([String: [Use]], [Diagnostic]) {
        var uses: [String: [Use]] = [:]
        var diagnostics: [Diagnostic] = []
        let infos = plan.notices.map(\.info) + plan.qaTopics.map(\.info) + plan.projects.map(\.info)
            + plan.pages.map(\.info) + plan.guides.map(\.info) + plan.jobs.map(\.info)
        for info in infos {
            // A photo that is not there was reported by the plan stage.
            if let image = info.image, staticFiles[image.file] != nil {
                uses[image.file, default: []].append(Use(location: image.location, shown: true, wantsOriginal: info.showsOriginals))
                if image.alt == nil {
                    diagnostics.append(image.location.warning(
                        Wording("the photo has no alt text", zh: "这张照片没有写说明文字"),
                        hint: Wording("describe it for readers who cannot see it: image: {file: \(image.file), alt: 义诊现场}",
                                      zh: "请在“alt”里写一句照片说明，给看不到图片的读者：image: {file: \(image.file), alt: 义诊现场}")))
                }
            }
            for link in info.body.links {
                guard case .internalPath(let raw, _) = link.target else { continue }
                let path = percentDecoded(raw)
                guard staticFiles[path] != nil, PagePhoto.isPhoto(path) else { continue }
                uses[path, default: []].append(Use(location: link.location, shown: link.isImage,
                                                   wantsOriginal: !link.isImage || info.showsOriginals))
            }
        }
        return (uses, diagnostics)
    }

    func publish(plan: SitePlan, staticFiles: [String: StaticFile]) -> Result {
        var result = Result()
        let (uses, useDiagnostics) = Self.uses(in: plan, staticFiles: staticFiles)
        result.diagnostics = useDiagnostics
        let photoPaths = staticFiles.keys.filter(PagePhoto.isPhoto).sorted()
        result.staticFiles = staticFiles.keys.sorted().filter { !PagePhoto.isPhoto($0) }.map { staticFiles[$0]! }
        let outcomes = ResultSlots<Outcome>(count: photoPaths.count)
        Parallel.forEach(photoPaths.count) { i in
            let file = staticFiles[photoPaths[i]]!
            outcomes.set(i, process(file, uses: uses[file.outputPath] ?? []))
        }
        for outcome in outcomes.values {
            result.diagnostics += outcome.diagnostics
            if let photo = outcome.photo { result.photos[photo.file] = photo }
            // A re-saved original lands at its own path; a resized copy must not land on a file.
            for file in outcome.files where file.path.hasPrefix("img/") {
                if let taken = staticFiles[file.path] {
                    result.diagnostics.append(.error(taken.displayPath, 1, 1,
                        Wording("this static file would replace a resized photo at /\(file.path)",
                                zh: "static 文件夹里的这个文件会顶替网站缩小后的照片 /\(file.path)"),
                        hint: Wording("move it out of static/img/", zh: "请把它移出 static/img/ 文件夹")))
                }
            }
            result.files += outcome.files
            if let asIs = outcome.publishedAsIs { result.staticFiles.append(asIs) }
        }
        result.staticFiles.sort { $0.outputPath < $1.outputPath }
        return result
    }

    struct Outcome: Sendable {
        var photo: PublishedPhoto?
        var files: [PhotoFile] = []
        var publishedAsIs: StaticFile?
        var diagnostics: [Diagnostic] = []
    }

    private func process(_ file: StaticFile, uses: [Use]) -> Outcome {
        var outcome = Outcome()
        let shownAt = uses.filter(\.shown).map(\.location)
        let first = uses.first?.location ?? SourceLocation(path: file.displayPath)
        // A photo no page uses is reported at the file; one a page uses at the line using it.
        func problem(_ message: Wording, hint: Wording) -> Diagnostic {
            uses.isEmpty ? first.warning(message + Wording("; it is not published", zh: "；这个文件不会发布到网站上"), hint: hint)
                : first.error(message, hint: hint)
        }
        let saveAgain = Wording("open it on the phone or computer and save it again as JPEG, or replace it",
                                zh: "请在手机或电脑上打开它，重新另存为 JPEG 格式，或者换一张照片")
        let bytes: [UInt8]
        let header: PhotoCodec.Header
        do {
            bytes = try readFile(file)
            header = try PhotoCodec.header(of: bytes)
        } catch {
            let why = Self.reason(error)
            outcome.diagnostics.append(problem(
                Wording("\(file.displayPath) cannot be read as a photo (\(why.english))",
                        zh: "\(file.displayPath) 不能当作照片打开（\(why.chinese)）"),
                hint: saveAgain))
            return outcome
        }
        // An upload or copy interrupted: found from the file's structure, by a check as by a
        // build (libvips would decode the part that is there and grey out the rest).
        if PhotoCompleteness.of(bytes) == .cutShort {
            outcome.diagnostics.append(problem(
                Wording("\(file.displayPath) is cut short: the file ends before the photo does",
                        zh: "\(file.displayPath) 不完整：文件在照片结束之前就断了"),
                hint: Wording("an upload or copy was interrupted: copy the photo from the phone or computer again",
                              zh: "多半是上传或复制时中断了：请从手机或电脑上重新复制一次这张照片")))
            return outcome
        }
        if header.width * header.height > Self.maximumPixels {
            outcome.diagnostics.append(problem(
                Wording("\(file.displayPath) is \(header.width) × \(header.height) pixels, too large to publish",
                        zh: "\(file.displayPath) 有 \(header.width) × \(header.height) 像素，太大了，没法发布"),
                hint: Wording("save it at most 8000 pixels wide; 1600 is plenty for a web page",
                              zh: "请把它另存为宽度不超过 8000 像素的照片；网页上用 1600 像素宽就足够了")))
            return outcome
        }
        if file.size > Self.largeSource {
            outcome.diagnostics.append(first.warning(
                Wording("\(file.displayPath) is \(PageContext.fileSize(file.size)), over 20 MB",
                        zh: "\(file.displayPath) 有 \(PageContext.fileSize(file.size))，超过了 20 MB"),
                hint: Wording("the site publishes smaller copies, but a photo this large slows every build: save it smaller",
                              zh: "网站上发布的是缩小后的照片，但原图这么大，每次构建都会变慢：请把它存得小一些")))
        }
        if header.hasGPS {
            outcome.diagnostics.append(first.warning(
                Wording("\(file.displayPath) records the place where it was taken (GPS)",
                        zh: "\(file.displayPath) 里记录了拍摄地点（GPS 定位）"),
                hint: Wording("Anju removes it from what it publishes; turn off location in the phone camera's settings",
                              zh: "发布到网站上的照片，Anju 会把位置信息去掉；以后拍照前，可以在手机相机的设置里关掉位置记录")))
        }
        for location in shownAt.prefix(1) where header.width < Self.smallestUsefulWidth {
            outcome.diagnostics.append(location.warning(
                Wording("\(file.displayPath) is only \(header.width) pixels wide",
                        zh: "\(file.displayPath) 只有 \(header.width) 像素宽"),
                hint: Wording("use a photo at least \(Self.smallestUsefulWidth) pixels wide, or it looks blurred on phones",
                              zh: "请换一张至少 \(Self.smallestUsefulWidth) 像素宽的照片，不然在手机上看会模糊")))
        }
        let wantsOriginal = uses.isEmpty || uses.contains(where: \.wantsOriginal)
        if wantsOriginal && header.format == "heif" {
            for use in uses where use.wantsOriginal && !use.shown {
                outcome.diagnostics.append(use.location.error(
                    Wording("\(file.displayPath) is a HEIC photo, which most browsers cannot open",
                            zh: "\(file.displayPath) 是 HEIC 格式的照片，大多数浏览器打不开"),
                    hint: Wording("show it as a picture (![说明](…)), which publishes JPEG and WebP copies, or convert it to JPEG",
                                  zh: "请把它作为图片显示在页面上（![说明](…)），网站会发布 JPEG 和 WebP 格式的副本；或者先把它转成 JPEG")))
            }
        }
        guard let store else { return outcome }

        let digest = ContentDigest(Array(Self.settings.utf8) + bytes)
        let name = IndexEncoding.hex(digest.high, digits: 16) + IndexEncoding.hex(digest.low, digits: 16)
        let urlName = "img/" + String(name.prefix(16))
        let fallback: PhotoCodec.Encoding = header.hasAlpha ? .png : .jpeg
        do {
            if !shownAt.isEmpty {
                let sizesKey = name + ".sizes"
                var sizes = store.read(sizesKey).flatMap(Self.parseSizes) ?? []
                let widths = Self.variantWidths(forSourceWidth: header.width)
                let complete = sizes.count == widths.count && widths.allSatisfy {
                    store.contains("\(name)-\($0).webp") && store.contains("\(name)-\($0).\(fallback.fileExtension)")
                }
                if !complete {
                    sizes = []
                    // The widest from the file, the others from its pixels, narrowest last.
                    let widest = try PhotoCodec.Shrunk(bytes, width: widths.last!)
                    for width in widths {
                        let shrunk = width == widths.last! ? widest : try widest.shrunk(to: width)
                        let budget = Self.budget(width: shrunk.width, height: shrunk.height)
                        store.write("\(name)-\(width).webp", try Self.encode(shrunk, .webp, within: budget))
                        store.write("\(name)-\(width).\(fallback.fileExtension)",
                                    try Self.encode(shrunk, fallback, within: budget * 3 / 2))
                        sizes.append((shrunk.width, shrunk.height))
                    }
                    store.write(sizesKey, Array(sizes.map { "\($0.width) \($0.height)\n" }.joined().utf8))
                }
                var photo = PublishedPhoto(file: file.outputPath, width: sizes.last!.width, height: sizes.last!.height, variants: [])
                for (width, size) in zip(widths, sizes) {
                    let webp = PhotoFile(path: "\(urlName)-\(width).webp", key: "\(name)-\(width).webp")
                    let other = PhotoFile(path: "\(urlName)-\(width).\(fallback.fileExtension)",
                                          key: "\(name)-\(width).\(fallback.fileExtension)")
                    outcome.files += [webp, other]
                    photo.variants.append(PhotoVariant(width: size.width, height: size.height, webp: webp.path, fallback: other.path))
                }
                outcome.photo = photo
            }
            if wantsOriginal && header.format != "heif" {
                if !header.hasMetadata {
                    outcome.publishedAsIs = file
                    outcome.photo?.original = file.outputPath
                } else {
                    let ext = file.outputPath.split(separator: ".").last.map { $0.lowercased() } ?? "jpg"
                    let key = "\(name)-original.\(ext)"
                    if !store.contains(key) {
                        let upright = try PhotoCodec.Shrunk(bytes, width: header.width)
                        let encoding: PhotoCodec.Encoding = header.format == "png" ? .png : header.format == "webp" ? .webp : .jpeg
                        store.write(key, try upright.encoded(encoding, quality: 90))
                    }
                    outcome.files.append(PhotoFile(path: file.outputPath, key: key))
                    outcome.photo?.original = file.outputPath
                }
            }
        } catch {
            outcome.diagnostics.append(problem(Self.unconvertible(file, error), hint: saveAgain))
            outcome.photo = nil
            outcome.files = []
            outcome.publishedAsIs = nil
        }
        return outcome
    }

    static func unconvertible(_ file: StaticFile, _ error: any Error) -> Wording {
        let why = reason(error)
        return Wording("\(file.displayPath) cannot be converted (\(why.english))",
                       zh: "\(file.displayPath) 没法转换成网页用的照片（\(why.chinese)）")
    }

    /// Why a photo could not be read or converted: the codec's own words in English; in
    /// Chinese, what failed, with those words for whoever helps the editor.
    static func reason(_ error: any Error) -> Wording {
        let english = "\(error)"
        guard let failure = error as? PhotoCodec.Failure else { return Wording(english, zh: english) }
        if failure.refused { return Wording(english, zh: "不是 JPEG、PNG、WebP 或 HEIC 格式的图片") }
        let what = switch failure.step {
        case .read, .decode: "图片内容读不出来，文件可能不完整或已损坏"
        case .resize: "图片没法缩小"
        case .save: "图片没法保存"
        }
        return Wording(english, zh: "\(what)：\(english)")
    }

    /// The standard widths below the photo's own, then its own up to the largest: never enlarged.
    static func variantWidths(forSourceWidth width: Int) -> [Int] {
        let top = min(width, widths.last!)
        return widths.filter { $0 < top } + [top]
    }

    /// Bytes a variant may take: 60 KB for a 4:3 photo 480 wide, 200 KB at 1600, in
    /// proportion to its pixels between (fewer bytes per pixel as pictures grow).
    static func budget(width: Int, height: Int) -> Int {
        let pixels = Double(width * height)
        let perPixel = width <= 480 ? 0.355 : 0.355 - (0.355 - 0.104) * Double(min(width, 1600) - 480) / 1120
        return max(8 * 1024, Int(pixels * perPixel))
    }

    /// The highest of a few qualities whose file fits the budget, or the lowest.
    static func encode(_ shrunk: PhotoCodec.Shrunk, _ encoding: PhotoCodec.Encoding, within budget: Int) throws -> [UInt8] {
        if encoding == .png { return try shrunk.encoded(.png, quality: 0) }
        var bytes: [UInt8] = []
        for quality in [75, 65, 55, 45] {
            bytes = try shrunk.encoded(encoding, quality: quality)
            if bytes.count <= budget { break }
        }
        return bytes
    }

    static func parseSizes(_ bytes: [UInt8]) -> [(width: Int, height: Int)]? {
        var sizes: [(width: Int, height: Int)] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ").compactMap { Int($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { return nil }
            sizes.append((parts[0], parts[1]))
        }
        return sizes.isEmpty ? nil : sizes
    }
}
