import AnjuKernels
import Yams

/// A document whose front matter is read and whose Markdown is not yet rendered: links can
/// only be rewritten once every document's URL is known.
///
/// A class: the planner and the preview's caches pass ten thousand of these around per
/// build, and a struct of this size was copied field by field each time.
final class PendingDocument: Sendable {
    let document: Document
    let markdown: String
    let bodyFirstLine: Int
    /// Identifies the file's bytes for the preview's cache of rendered bodies.
    let sourceHash: String?

    init(document: Document, markdown: String, bodyFirstLine: Int, sourceHash: String? = nil) {
        self.document = document
        self.markdown = markdown
        self.bodyFirstLine = bodyFirstLine
        self.sourceHash = sourceHash
    }

    func with(sourceHash: String) -> PendingDocument {
        PendingDocument(document: document, markdown: markdown, bodyFirstLine: bodyFirstLine, sourceHash: sourceHash)
    }
}

/// Parse stage, first half: front matter → typed `Document` for each section.
enum DocumentParser {
    /// Words written with a Chinese comma between them ([义诊，健康] is one item to YAML), split
    /// as meant; nil when none has one.
    static func splitAtChineseCommas(_ words: [String]) -> [String]? {
        let isComma = { (c: Character) in c == "，" || c == "、" }
        guard words.contains(where: { $0.contains(where: isComma) }) else { return nil }
        return words.flatMap { $0.split(whereSeparator: isComma).map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
    }

    static let commonFields: Set<String> = ["title", "summary", "tags", "draft", "slug", "updated", "description", "audio",
                                            "image", "original"]
    static let sectionFields: [Section: Set<String>] = [
        .notices: ["date", "expires", "level", "pinned", "issuer", "category", "publicity", "attachments",
                   "schedule", "event", "result"],
        .qa: ["category", "source", "authority", "order"],
        .projects: ["status", "investment", "funding", "start", "completion", "location", "beneficiaries", "progress", "date"],
        .pages: ["order", "menu"],
        .guides: ["category", "audience", "materials", "steps", "window", "hours", "time_limit", "fee", "basis",
                  "phone", "supervision_phone", "home_service", "online", "order"],
        .jobs: ["date", "deadline", "employer", "positions", "pay", "requirements", "place", "contact"],
    ]
    /// Every field a section's front matter may have, made once rather than per document.
    static let knownFields: [Section: Set<String>] = sectionFields.mapValues { commonFields.union($0) }

    static func parse(_ source: SourceFile) -> (PendingDocument?, [Diagnostic]) {
        let path = source.displayPath
        var diagnostics: [Diagnostic] = []
        let text: String
        switch SourceText.decode(source.bytes, path: path) {
        case .success(let t): text = t
        case .failure(let d): return (nil, [d])
        }
        diagnostics += Placeholder.left(in: source, text: text)
        let split: FrontMatterSplit
        switch FrontMatterSplit.split(text, path: path) {
        case .success(let s): split = s
        case .failure(let d): return (nil, [d] + diagnostics)
        }
        guard var fields = FrontMatterFields(yaml: split.yaml, path: path, firstLine: split.yamlFirstLine,
                                             diagnostics: &diagnostics) else {
            return (nil, diagnostics)
        }

        let title = fields.string("title", required: "关于停水的通知")
        var slug = source.fileStem
        if let explicit = fields.string("slug") {
            slug = explicit
            if !Slug.isValid(explicit) {
                diagnostics.append(fields.location("slug").error(
                    "slug '\(explicit)' may use only lowercase letters a–z, digits and '-'",
                    hint: "for example: slug: ting-shui-tong-zhi"))
            }
        } else if source.fileStem.unicodeScalars.contains(where: ChineseText.isHan), let title {
            // A file named in Chinese: the slug is the pinyin of its title (停水通知 → ting-shui-tong-zhi).
            slug = PinyinTable.shared.slug(title)
            if !Slug.isValid(slug) {
                diagnostics.append(.error(path, 1, 1, "no URL can be made from the title '\(title)'",
                                          hint: "add 'slug: ting-shui' with lowercase letters, digits and '-'"))
            }
        } else if !Slug.isValid(slug) {
            diagnostics.append(.error(path, 1, 1,
                "the file name '\(source.fileStem)' cannot be used in a URL",
                hint: "rename the file with lowercase letters, digits and '-' (ting-shui.md), or add 'slug: ting-shui'"))
        }
        if source.section == .notices, Slug.reservedForNotices.contains(slug) {
            diagnostics.append(fields.location("slug").error("the notice slug '\(slug)' is used by the notice list itself",
                                                             hint: "choose another file name or slug"))
        }
        if source.section == .pages, Slug.reservedForPages.contains(slug) {
            diagnostics.append(fields.location("slug").error("the page slug '\(slug)' is used by the site itself",
                                                             hint: "choose another file name or slug"))
        }
        let summary = fields.string("summary") ?? fields.string("description")
        var tags = fields.stringList("tags")
        if let split = Self.splitAtChineseCommas(tags) {
            tags = split
            diagnostics.append(fields.location("tags").warning("tags separated by a Chinese comma are read as \(tags.count) tags: \(tags.joined(separator: ", "))",
                hint: "separate tags with an ASCII comma: [\(tags.joined(separator: ", "))]"))
        }
        let draft = fields.bool("draft") ?? false
        let updated = fields.date("updated")
        var audio: AudioRecording?
        if let file = fields.string("audio") {
            let ext = file.split(separator: ".").last.map { $0.lowercased() } ?? ""
            if !StaticPath.isSafe(file) {
                diagnostics.append(fields.location("audio").error("the audio path '\(file)' leaves the site's static/ folder",
                    hint: "give the path inside static/, e.g. files/tingshui-1130.m4a"))
            } else if !AudioRecording.extensions.contains(ext) {
                diagnostics.append(fields.location("audio").error("'\(file)' is not a recording browsers play",
                    hint: "save it as .m4a or .mp3 (a WeChat voice message must be converted first)"))
            } else {
                audio = AudioRecording(file: file, location: fields.location("audio"))
            }
        }

        let image = parseImage(&fields)
        let showsOriginals = fields.bool("original") ?? false

        let slugLocation = fields.has("slug") ? fields.location("slug") : nil
        func info(_ title: String) -> DocumentInfo {
            DocumentInfo(title: title, slug: slug, section: source.section, summary: summary, tags: tags, draft: draft,
                         updated: updated, source: source.withoutBytes,
                         body: RenderedBody(htmlUTF8: [], plainText: "", headings: [], links: [], questions: []),
                         audio: audio, image: image, showsOriginals: showsOriginals, slugLocation: slugLocation)
        }

        var document: Document?
        switch source.section {
        case .notices:
            let date = fields.date("date", required: true)
            let expires = fields.date("expires")
            // An error, as for a job's deadline: it is always a slip of the keyboard, and the
            // notice (an urgent one's banner too) would leave every page the day it appears.
            if let date, let expires, expires.asEnd <= date {
                diagnostics.append(fields.location("expires").error(
                    "the notice expires (\(expires.display)) before it is published (\(date.display))",
                    hint: "check the dates: expires should come after date"))
            }
            var level = NoticeLevel.normal
            if let raw = fields.string("level") {
                if let l = NoticeLevel(rawValue: raw) { level = l } else {
                    diagnostics.append(fields.location("level").error("unknown level '\(raw)'",
                        hint: "use urgent (紧急), important (重要) or normal (一般)"))
                }
            }
            let pinned = fields.bool("pinned") ?? false
            let issuer = fields.string("issuer")
            let category = fields.string("category")
            let publicity = parsePublicity(&fields)
            let attachments = parseAttachments(&fields)
            let schedule = parseSchedule(&fields)
            let event = parseEvent(&fields)
            let result = fields.string("result")
            if result != nil && !fields.has("publicity") {
                diagnostics.append(fields.location("result").warning("'result' links a 公示's outcome, but this notice has no publicity period",
                                                                     hint: "add publicity: {start: …, end: …}, or remove result"))
            } else if let title, title.contains("公示"), !title.contains("结果"), !fields.has("publicity") {
                // A 公示 invites objections until a date: without its period the page cannot say
                // whether it is still running. A notice of its outcome (公示结果) has none.
                diagnostics.append(fields.location("title").warning("the notice is a 公示 but gives no 公示 period",
                    hint: "add publicity: {start: 2026-11-25, end: 2026-12-01}: the page then shows the period and whether it is still running"))
            }
            if let title, let date {
                document = .notice(Notice(info: info(title), date: date, expires: expires, level: level, pinned: pinned,
                                          issuer: issuer, category: category, publicity: publicity,
                                          attachments: attachments, schedule: schedule, event: event,
                                          result: result, resultLocation: result == nil ? nil : fields.location("result"),
                                          expiresLocation: fields.has("expires") ? fields.location("expires") : nil,
                                          pinnedLocation: fields.has("pinned") ? fields.location("pinned") : nil,
                                          dateLocation: fields.location("date")))
            }
        case .qa:
            let category = fields.string("category", required: "补偿补助")
            let policySource = fields.string("source")
            let authority = fields.string("authority")
            let order = fields.int("order") ?? 0
            if let title, let category {
                document = .qa(QATopic(info: info(title), category: category, policySource: policySource,
                                       authority: authority, order: order))
            }
        case .projects:
            var status: ProjectStatus?
            if let raw = fields.string("status") {
                status = ProjectStatus(rawValue: raw)
                if status == nil {
                    diagnostics.append(fields.location("status").error("unknown status '\(raw)'",
                        hint: "use planned (规划中), building (建设中), completed (已建成) or operating (运营中)"))
                }
            }
            let investment = fields.number("investment")
            let funding = fields.string("funding")
            let start = fields.date("start")
            let completion = fields.date("completion")
            let location = fields.string("location")
            let beneficiaries = fields.string("beneficiaries")
            let progress = fields.int("progress", range: 0...100)
            if let title {
                document = .project(Project(info: info(title), status: status, investment: investment, funding: funding,
                                            start: start, completion: completion, location: location,
                                            beneficiaries: beneficiaries, progress: progress))
            }
        case .guides:
            let category = fields.string("category", required: "社会救助")
            let guide = GuideFields.read(&fields)
            if let title, let category {
                document = .guide(Guide(info: info(title), category: category, audience: guide.audience,
                                        materials: guide.materials, steps: guide.steps, window: guide.window,
                                        hours: guide.hours, timeLimit: guide.timeLimit, fee: guide.fee,
                                        basis: guide.basis, phone: guide.phone, supervisionPhone: guide.supervisionPhone,
                                        homeService: guide.homeService, online: guide.online, order: guide.order))
            }
        case .jobs:
            let date = fields.date("date", required: true)
            let deadline = fields.date("deadline", required: true)
            let employer = fields.string("employer")
            var positions: Int?
            if fields.has("positions") {
                positions = fields.int("positions", range: 1...100_000)
            }
            let pay = fields.string("pay")
            let requirements = fields.string("requirements")
            let place = fields.string("place")
            let contact = parseContact(&fields, "contact")
            if let date, let deadline, deadline.asEnd <= date {
                diagnostics.append(fields.location("deadline").error(
                    "the deadline (\(deadline.display)) is before the job is published (\(date.display))",
                    hint: "check the dates: deadline should come after date"))
            }
            if let title, let date, let deadline {
                document = .job(Job(info: info(title), date: date, deadline: deadline, employer: employer,
                                    positions: positions, pay: pay, requirements: requirements, place: place,
                                    contact: contact))
            }
        case .pages:
            let order = fields.int("order") ?? 0
            let menu = fields.bool("menu") ?? false
            if let title { document = .page(Page(info: info(title), order: order, menu: menu)) }
        }
        let wide = Self.overlyWideTableRow(split.body)
        if let wide {
            diagnostics.append(.error(path, split.bodyFirstLine + wide.line - 1, 1,
                "this line has \(wide.cells) table columns; a table may have at most \(Self.maximumTableColumns)",
                hint: "split the table, or put the data in an attached file"))
        }
        fields.warnUnknownFields(known: knownFields[source.section] ?? commonFields)
        diagnostics += fields.diagnostics
        // A document whose fields have errors still goes on to be planned, so that its links,
        // attachments and photos are checked in the same run (an editor fixed 'level: urgnet'
        // only to be told of a missing attachment next); the errors keep the build from
        // writing. Not one whose URL or body cannot be made safely.
        let unsafe = wide != nil || !Slug.isValid(slug) || (diagnostics.hasErrors && fields.has("slug"))
        guard let document, !(unsafe && diagnostics.hasErrors) else { return (nil, diagnostics) }
        return (PendingDocument(document: document, markdown: split.body, bodyFirstLine: split.bodyFirstLine), diagnostics)
    }

    private static func parsePublicity(_ fields: inout FrontMatterFields) -> PublicityPeriod? {
        guard fields.has("publicity") else { return nil }
        let location = fields.location("publicity")
        guard let map = fields.mapping("publicity") else { return nil }
        guard let startNode = map["start"], let endNode = map["end"] else {
            fields.diagnostics.append(location.error("'publicity' needs both start and end",
                                                     hint: "publicity: {start: 2024-06-01, end: 2024-06-07}"))
            return nil
        }
        guard let start = fields.date(startNode, name: "publicity start"),
              let end = fields.date(endNode, name: "publicity end") else { return nil }
        if end < start {
            fields.diagnostics.append(fields.location(of: endNode).error("the 公示 period ends before it starts"))
            return nil
        }
        return PublicityPeriod(start: start, end: end, location: location)
    }

    /// `{name, phone}`: a person to call, the phone checked like every phone field.
    private static func parseContact(_ fields: inout FrontMatterFields, _ key: String) -> Contact? {
        guard fields.has(key), let map = fields.mapping(key) else { return nil }
        for name in map.keys where name != "name" && name != "phone" {
            fields.diagnostics.append(fields.location(key).warning("unknown field '\(name)' in \(key) is ignored",
                                                                   hint: "\(key): {name: 张某某, phone: 13800000001}"))
        }
        let name = map["name"]?.string?.trimmingSpaces.nilIfEmpty
        var phone: PhoneNumber?
        if let node = map["phone"], node.null == nil { phone = fields.phone(node, name: "\(key) phone") }
        guard name != nil || phone != nil else {
            fields.diagnostics.append(fields.location(key).error("'\(key)' needs a name and a phone",
                                                                 hint: "\(key): {name: 张某某, phone: 13800000001}"))
            return nil
        }
        return Contact(name: name ?? "", phone: phone)
    }

    /// cmark-gfm 0.29.0.gfm.6's table extension appends each cell by walking the row's list,
    /// so a row of 50,000 cells took seconds per row; no notice board has more than a few
    /// dozen columns, and a wider row is refused before cmark-gfm sees it.
    static let maximumTableColumns = 200

    /// The first line with more `|` than a table may have columns (1-based line), if any.
    /// Lines of fenced or indented code are no table and are not counted.
    static func overlyWideTableRow(_ body: String) -> (line: Int, cells: Int)? {
        // Almost no body has that many pipes in all: counted first, and the lines only then.
        var total = 0
        for b in body.utf8 where b == 0x7C {
            total += 1
            if total > maximumTableColumns + 1 { break }
        }
        guard total > maximumTableColumns + 1 else { return nil }
        var number = 1, pipes = 0, indent = 0, atStart = true
        var fence: UInt8 = 0 // ` or ~ while inside a fenced block
        var fenceRun = 0, fenceChar: UInt8 = 0
        func endLine() -> (line: Int, cells: Int)? {
            defer { number += 1; pipes = 0; indent = 0; atStart = true; fenceRun = 0; fenceChar = 0 }
            if fenceRun >= 3 {
                if fence == 0 { fence = fenceChar } else if fence == fenceChar { fence = 0 }
                return nil
            }
            if fence != 0 || indent >= 4 { return nil }
            return pipes > maximumTableColumns + 1 ? (number, pipes - 1) : nil
        }
        for b in body.utf8 {
            if b == 0x0A {
                if let wide = endLine() { return wide }
                continue
            }
            if atStart {
                if b == 0x20 { indent += 1; continue }
                if b == 0x09 { indent += 4; continue }
                atStart = false
                if indent < 4, b == 0x60 || b == 0x7E { fenceChar = b; fenceRun = 1; continue }
            } else if fenceRun > 0, fenceRun < 3 {
                if b == fenceChar { fenceRun += 1; continue }
                fenceRun = 0
            }
            if b == 0x7C { pipes += 1 }
        }
        return endLine()
    }

    private static func parseSchedule(_ fields: inout FrontMatterFields) -> [ScheduleWindow] {
        guard let items = fields.sequence("schedule") else { return [] }
        let example = "- {start: 2024-06-12 08:00, end: 2024-06-12 18:00, area: 第3至第9幢}"
        var windows: [ScheduleWindow] = []
        for item in items {
            guard let map = item.mapping else {
                fields.diagnostics.append(fields.location(of: item).error("each schedule window needs start and end", hint: example))
                continue
            }
            var values: [String: Node] = [:]
            for (key, value) in map {
                guard let name = key.string else { continue }
                values[name] = value
                if !["start", "end", "area"].contains(name) {
                    fields.diagnostics.append(fields.location(of: key).warning("unknown field '\(name)' in a schedule window is ignored",
                                                                               hint: "a window has start, end and area"))
                }
            }
            guard let startNode = values["start"], let endNode = values["end"] else {
                fields.diagnostics.append(fields.location(of: item).error("a schedule window needs both start and end", hint: example))
                continue
            }
            guard let start = fields.date(startNode, name: "schedule start"),
                  let end = fields.date(endNode, name: "schedule end") else { continue }
            let window = ScheduleWindow(start: start, end: end, area: values["area"]?.string?.trimmingSpaces.nilIfEmpty)
            if window.endsAt <= start {
                fields.diagnostics.append(fields.location(of: endNode).error("the window ends before it starts"))
                continue
            }
            windows.append(window)
        }
        return windows.sorted { ($0.start, $0.endsAt) < ($1.start, $1.endsAt) }
    }

    private static func parseEvent(_ fields: inout FrontMatterFields) -> NoticeEvent? {
        guard fields.has("event"), let map = fields.mapping("event") else { return nil }
        guard let startNode = map["start"] else {
            fields.diagnostics.append(fields.location("event").error("'event' needs a start",
                hint: "event: {start: 2024-06-15 09:00, end: 2024-06-15 12:00, place: 社区广场}"))
            return nil
        }
        guard let start = fields.date(startNode, name: "event start") else { return nil }
        var end: ChinaTime?
        if let endNode = map["end"], endNode.null == nil {
            guard let e = fields.date(endNode, name: "event end") else { return nil }
            end = e
            if e.asEnd <= start {
                fields.diagnostics.append(fields.location(of: endNode).error("the event ends before it starts"))
                return nil
            }
        }
        for key in map.keys where !["start", "end", "place"].contains(key) {
            fields.diagnostics.append(fields.location("event").warning("unknown field '\(key)' in event is ignored",
                                                                       hint: "an event has start, end and place"))
        }
        return NoticeEvent(start: start, end: end, place: map["place"]?.string?.trimmingSpaces.nilIfEmpty)
    }

    /// `image: files/yizhen.jpg` or `image: {file: files/yizhen.jpg, alt: 义诊现场}`.
    private static func parseImage(_ fields: inout FrontMatterFields) -> PagePhoto? {
        guard let node = fields.node("image") else { return nil }
        let location = fields.location("image")
        var file: String?
        var alt: String?
        if case .scalar(let s) = node {
            file = s.string.trimmingSpaces
        } else if let map = node.mapping {
            file = map["file"]?.string?.trimmingSpaces
            alt = map["alt"]?.string?.trimmingSpaces.nilIfEmpty
        }
        guard let file, !file.isEmpty else {
            fields.diagnostics.append(location.error("'image' needs the photo's path under static/",
                hint: "image: files/yizhen.jpg, or image: {file: files/yizhen.jpg, alt: 义诊现场}"))
            return nil
        }
        guard StaticPath.isSafe(file) else {
            fields.diagnostics.append(location.error("the image path '\(file)' leaves the site's static/ folder",
                hint: "give the path inside static/, e.g. files/yizhen.jpg"))
            return nil
        }
        guard PagePhoto.isPhoto(file) else {
            fields.diagnostics.append(location.error("'\(file)' is not a photo Anju can publish",
                hint: "use a .jpg, .png, .webp or .heic file"))
            return nil
        }
        return PagePhoto(file: file, alt: alt, location: location)
    }

    private static func parseAttachments(_ fields: inout FrontMatterFields) -> [Attachment] {
        guard let items = fields.sequence("attachments") else { return [] }
        var result: [Attachment] = []
        for item in items {
            let location = fields.location(of: item)
            var file: String?
            var title: String?
            if case .scalar(let s) = item {
                file = s.string
            } else if let map = item.mapping {
                file = map["file"]?.string
                title = map["title"]?.string
            }
            guard let file, !file.isEmpty else {
                fields.diagnostics.append(location.error("an attachment needs a file",
                    hint: "- {file: files/baoming.pdf, title: 报名表}"))
                continue
            }
            guard StaticPath.isSafe(file) else {
                fields.diagnostics.append(location.error("the attachment path '\(file)' leaves the site's static/ folder",
                    hint: "give the path inside static/, e.g. files/baoming.pdf"))
                continue
            }
            let name = file.split(separator: "/").last.map(String.init) ?? file
            result.append(Attachment(file: file, title: title ?? name, size: 0, location: location))
        }
        return result
    }
}

extension Document {
    func with(body: RenderedBody) -> Document {
        switch self {
        case .notice(var d): d.info = d.info.with(body: body); return .notice(d)
        case .qa(var d): d.info = d.info.with(body: body); return .qa(d)
        case .project(var d): d.info = d.info.with(body: body); return .project(d)
        case .page(var d): d.info = d.info.with(body: body); return .page(d)
        case .guide(var d): d.info = d.info.with(body: body); return .guide(d)
        case .job(var d): d.info = d.info.with(body: body); return .job(d)
        }
    }

    func with(info: DocumentInfo) -> Document {
        switch self {
        case .notice(var d): d.info = info; return .notice(d)
        case .qa(var d): d.info = info; return .qa(d)
        case .project(var d): d.info = info; return .project(d)
        case .page(var d): d.info = info; return .page(d)
        case .guide(var d): d.info = info; return .guide(d)
        case .job(var d): d.info = info; return .job(d)
        }
    }
}
