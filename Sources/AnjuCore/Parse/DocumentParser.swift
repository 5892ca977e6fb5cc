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
                                            "image", "original", "aliases"]
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
    /// The endings of an old portal's page files a former URL keeps as a file: static hosts
    /// send them as HTML. Another page's address (show.aspx, 123.php) becomes a folder whose
    /// index.html a stock server reaches by adding its slash.
    static let pageFileExtensions = [".html", ".htm", ".shtml"]
    /// Endings of files, not pages: no former URL of a page.
    static let fileExtensions: Set<String> = ["xml", "txt", "json", "css", "js", "pdf", "jpg", "jpeg", "png", "gif", "webp", "svg",
                                              "ico", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "rar", "mp3", "mp4", "m4a", "wav"]

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
                    Wording("slug '\(explicit)' may use only lowercase letters a–z, digits and '-'",
                            zh: "\(FieldGloss.quoted("slug"))字段的“\(explicit)”只能用小写英文字母 a–z、数字和“-”"),
                    hint: Wording("for example: slug: ting-shui-tong-zhi",
                                  zh: "例如：slug: ting-shui-tong-zhi")))
            }
        } else if source.fileStem.unicodeScalars.contains(where: ChineseText.isHan), let title {
            // A file named in Chinese: the slug is the pinyin of its title (停水通知 → ting-shui-tong-zhi).
            slug = PinyinTable.shared.slug(title)
            if !Slug.isValid(slug) {
                diagnostics.append(.error(path, 1, 1,
                    Wording("no URL can be made from the title '\(title)'",
                            zh: "没法用标题“\(title)”生成这一页的网址"),
                    hint: Wording("add 'slug: ting-shui' with lowercase letters, digits and '-'",
                                  zh: "请在文件开头的字段区（两行 --- 之间）加一行 slug: ting-shui，只用小写英文字母、数字和“-”")))
            }
        } else if !Slug.isValid(slug) {
            diagnostics.append(.error(path, 1, 1,
                Wording("the file name '\(source.fileStem)' cannot be used in a URL",
                        zh: "文件名“\(source.fileStem)”不能用在网址里"),
                hint: Wording("rename the file with lowercase letters, digits and '-' (ting-shui.md), or add 'slug: ting-shui'",
                              zh: "请把文件改名，只用小写英文字母、数字和“-”（例如 ting-shui.md）；或者在字段区加一行 slug: ting-shui")))
        }
        if source.section == .notices, Slug.reservedForNotices.contains(slug) {
            diagnostics.append(fields.location("slug").error(
                Wording("the notice slug '\(slug)' is used by the notice list itself",
                        zh: "网址名“\(slug)”是通知列表自己要用的，这条通知不能用"),
                hint: Wording("choose another file name or slug",
                              zh: "请换一个文件名，或在“slug”字段写一个别的网址名")))
        }
        if source.section == .pages, Slug.reservedForPages.contains(slug) {
            diagnostics.append(fields.location("slug").error(
                Wording("the page slug '\(slug)' is used by the site itself",
                        zh: "网址名“\(slug)”是站点自己要用的，这个页面不能用"),
                hint: Wording("choose another file name or slug",
                              zh: "请换一个文件名，或在“slug”字段写一个别的网址名")))
        }
        let summary = fields.string("summary") ?? fields.string("description")
        var tags = fields.stringList("tags")
        if let split = Self.splitAtChineseCommas(tags) {
            tags = split
            diagnostics.append(fields.location("tags").warning(
                Wording("tags separated by a Chinese comma are read as \(tags.count) tags: \(tags.joined(separator: ", "))",
                        zh: "\(FieldGloss.quoted("tags"))里用中文逗号“，”或顿号“、”隔开，已按 \(tags.count) 个标签处理：\(tags.map { "“\($0)”" }.joined())"),
                hint: Wording("separate tags with an ASCII comma: [\(tags.joined(separator: ", "))]",
                              zh: "请把输入法切换到英文标点，用英文逗号隔开各个标签：[\(tags.joined(separator: ", "))]")))
        }
        let draft = fields.bool("draft") ?? false
        let updated = fields.date("updated")
        var audio: AudioRecording?
        if let file = fields.string("audio").map(StaticPath.underStatic) {
            let ext = file.split(separator: ".").last.map { $0.lowercased() } ?? ""
            if !StaticPath.isSafe(file) {
                let refusal = StaticPath.refusal(file, what: Wording("the audio path", zh: "\(FieldGloss.quoted("audio"))字段的路径"),
                                                 example: "files/tingshui-1130.m4a")
                diagnostics.append(fields.location("audio").error(refusal.message, hint: refusal.hint))
            } else if !AudioRecording.extensions.contains(ext) {
                diagnostics.append(fields.location("audio").error(
                    Wording("'\(file)' is not a recording browsers play",
                            zh: "“\(file)”不是浏览器能播放的录音格式"),
                    hint: Wording("save it as .m4a or .mp3 (a WeChat voice message must be converted first)",
                                  zh: "请把录音存成 .m4a 或 .mp3 格式（微信语音要先转换格式）")))
            } else {
                audio = AudioRecording(file: file, location: fields.location("audio"))
            }
        }

        let image = parseImage(&fields)
        let showsOriginals = fields.bool("original") ?? false

        let slugLocation = fields.has("slug") ? fields.location("slug") : nil
        // Former URLs, as site paths: /notices/old/ and notices/old are both notices/old/; an
        // old portal's page file (/tongzhi/123.html) stays a file, as Hugo writes it.
        var aliases: [String] = []
        for alias in fields.stringList("aliases") {
            let path = alias.trimmingSpaces.drop { $0 == "/" }
            let last = path.split(separator: "/").last.map(String.init) ?? ""
            let isPageFile = Self.pageFileExtensions.contains { last.lowercased().hasSuffix($0) } && !path.hasSuffix("/")
            let namesAFile = !path.hasSuffix("/") && last.lastIndex(of: ".").map {
                Self.fileExtensions.contains(last[last.index(after: $0)...].lowercased())
            } ?? false
            let folder = isPageFile || path.hasSuffix("/") || path.isEmpty ? String(path) : path + "/"
            let isSitePath = !folder.isEmpty && StaticPath.isSafe(isPageFile ? folder : String(folder.dropLast()))
                && folder.split(separator: "/").allSatisfy { !$0.contains("?") && !$0.contains("#") }
            guard !namesAFile, isSitePath else {
                diagnostics.append(fields.location("aliases").error(namesAFile
                    ? Wording("'\(alias)' names a file, not a page: a former URL leads a reader to this page",
                              zh: "“\(alias)”是一个文件的网址，不是页面的；旧网址要写以前这个页面的网址")
                    : Wording("'\(alias)' is no path of this site for a former URL",
                              zh: "“\(alias)”不是本站的网址路径，不能作为旧网址"),
                    hint: Wording("write the old page's address, ending in / or .html: aliases: [/notices/old-name/]",
                                  zh: "请写以前这个页面的网址，以 / 或 .html 结尾，例如 aliases: [/notices/old-name/]")))
                continue
            }
            aliases.append(folder)
        }
        let aliasesLocation = fields.has("aliases") ? fields.location("aliases") : nil
        func info(_ title: String) -> DocumentInfo {
            DocumentInfo(title: title, slug: slug, section: source.section, summary: summary, tags: tags, draft: draft,
                         updated: updated, source: source.withoutBytes,
                         body: RenderedBody(htmlUTF8: [], plainText: "", headings: [], links: [], questions: []),
                         audio: audio, image: image, showsOriginals: showsOriginals, slugLocation: slugLocation,
                         aliases: aliases, aliasesLocation: aliasesLocation)
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
                    Wording("the notice expires (\(expires.display)) before it is published (\(date.display))",
                            zh: "通知的过期时间（\(expires.display)）不在发布时间（\(date.display)）之后"),
                    hint: Wording("check the dates: expires should come after date",
                                  zh: "请核对日期：\(FieldGloss.quoted("expires"))要晚于\(FieldGloss.quoted("date"))")))
            }
            var level = NoticeLevel.normal
            if let raw = fields.string("level") {
                if let l = NoticeLevel(rawValue: raw) { level = l } else {
                    diagnostics.append(fields.location("level").error(
                        Wording("unknown level '\(raw)'",
                                zh: "\(FieldGloss.quoted("level"))字段的内容“\(raw)”不认识"),
                        hint: Wording("use urgent (紧急), important (重要) or normal (一般)",
                                      zh: "请写 urgent（紧急）、important（重要）或 normal（一般）")))
                }
            }
            let pinned = fields.bool("pinned") ?? false
            let issuer = fields.string("issuer")
            let category = fields.string("category")
            let publicity = parsePublicity(&fields)
            let attachments = parseAttachments(&fields)
            let schedule = parseSchedule(&fields, publishedAt: date)
            let event = parseEvent(&fields)
            let result = fields.string("result")
            if let date {
                diagnostics += Self.datesThatDisagree(date: date, expires: expires, level: level, schedule: schedule,
                                                      event: event, publicity: publicity, fields: fields)
            }
            if result != nil && !fields.has("publicity") {
                diagnostics.append(fields.location("result").warning(
                    Wording("'result' links a 公示's outcome, but this notice has no publicity period",
                            zh: "\(FieldGloss.quoted("result"))字段用来链接公示的结果，但这条通知没有写公示期"),
                    hint: Wording("add publicity: {start: …, end: …}, or remove result",
                                  zh: "请加一行 publicity: {start: …, end: …}，或者删掉“result”这一行")))
            } else if let title, title.contains("公示"), !title.contains("结果"), !fields.has("publicity") {
                // A 公示 invites objections until a date: without its period the page cannot say
                // whether it is still running. A notice of its outcome (公示结果) has none.
                diagnostics.append(fields.location("title").warning(
                    Wording("the notice is a 公示 but gives no 公示 period",
                            zh: "这条通知是公示，但没有写公示期"),
                    hint: Wording("add publicity: {start: 2026-11-25, end: 2026-12-01}: the page then shows the period and whether it is still running",
                                  zh: "请加一行 publicity: {start: 2026-11-25, end: 2026-12-01}，页面就会显示公示期，并标明公示是否还在进行")))
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
            let order = fields.int("order") ?? Document.unordered
            if let title, let category {
                document = .qa(QATopic(info: info(title), category: category, policySource: policySource,
                                       authority: authority, order: order))
            }
        case .projects:
            var status: ProjectStatus?
            if let raw = fields.string("status") {
                status = ProjectStatus(rawValue: raw)
                if status == nil {
                    diagnostics.append(fields.location("status").error(
                        Wording("unknown status '\(raw)'",
                                zh: "“status”（项目状态）字段的内容“\(raw)”不认识"),
                        hint: Wording("use planned (规划中), building (建设中), completed (已建成) or operating (运营中)",
                                      zh: "请写 planned（规划中）、building（建设中）、completed（已建成）或 operating（运营中）")))
                }
            }
            var investment = fields.number("investment")
            if let amount = investment, amount < 0 {
                diagnostics.append(fields.location("investment").error(
                    Wording("'investment' is an amount in 万元 and cannot be negative", zh: "\(FieldGloss.quoted("investment"))是投资金额（万元），不能是负数"),
                    hint: Wording("investment: 1200", zh: "例如：investment: 1200")))
                investment = nil
            }
            let funding = fields.string("funding")
            let start = fields.date("start")
            let completion = fields.date("completion")
            if let start, let completion, completion < start {
                diagnostics.append(fields.location("completion").warning(
                    Wording("the project completes (\(completion.dateOnly)) before it starts (\(start.dateOnly))",
                            zh: "项目的完工日期（\(completion.dateOnly)）比开工日期（\(start.dateOnly)）还早"),
                    hint: Wording("check the years of start and completion", zh: "请核对“start”和“completion”的年份")))
            }
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
                    Wording("the deadline (\(deadline.display)) is before the job is published (\(date.display))",
                            zh: "报名截止日期（\(deadline.display)）不在招聘信息的发布时间（\(date.display)）之后"),
                    hint: Wording("check the dates: deadline should come after date",
                                  zh: "请核对日期：\(FieldGloss.quoted("deadline"))要晚于\(FieldGloss.quoted("date"))")))
            }
            if let title, let date, let deadline {
                document = .job(Job(info: info(title), date: date, deadline: deadline, employer: employer,
                                    positions: positions, pay: pay, requirements: requirements, place: place,
                                    contact: contact))
            }
        case .pages:
            let order = fields.int("order") ?? Document.unordered
            let menu = fields.bool("menu") ?? false
            if let title { document = .page(Page(info: info(title), order: order, menu: menu)) }
        }
        let wide = Self.overlyWideTableRow(split.body)
        if let wide {
            diagnostics.append(.error(path, split.bodyFirstLine + wide.line - 1, 1,
                Wording("this line has \(wide.cells) table columns; a table may have at most \(Self.maximumTableColumns)",
                        zh: "这一行表格有 \(wide.cells) 列，一个表格最多只能有 \(Self.maximumTableColumns) 列"),
                hint: Wording("split the table, or put the data in an attached file",
                              zh: "请把表格拆成几个小表格，或者把数据放进附件")))
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

    /// A notice's times that cannot all be meant: an outage still running when the notice
    /// expires (the home page and the banner would drop it while the water is off), an urgent
    /// notice that never stops being urgent, and an event or 公示 over before the notice is
    /// published (last year's notice copied with its old dates; a window so is reported by
    /// `parseSchedule`, at its line).
    private static func datesThatDisagree(date: ChinaTime, expires: ChinaTime?, level: NoticeLevel,
                                          schedule: [ScheduleWindow], event: NoticeEvent?, publicity: PublicityPeriod?,
                                          fields: FrontMatterFields) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // An outage outliving the notice: the home page's windows and the banner go with its
        // expiry. (An event or a 公示 is listed on its own page whatever the notice's expiry: a
        // 志愿者招募 may close its sign-up before the day itself.)
        // Warnings: the contract defines a notice in force by both, and they may differ on purpose.
        if let expires, expires.asEnd > date, let last = schedule.max(by: { $0.endsAt < $1.endsAt }), expires.asEnd < last.endsAt {
            diagnostics.append(fields.location("expires").warning(
                Wording("the notice expires (\(expires.display)) before its last window is over (\(last.end.display)): from then on the home page and the banner leave the outage out",
                        zh: "通知的过期时间（\(expires.display)）比最后一个时段结束得早（\(last.end.display)）：过期以后首页和横幅就不再显示这次停水停电"),
                hint: Wording("set expires to \(last.end.dateOnly) or later, or remove it",
                              zh: "请把\(FieldGloss.quoted("expires"))改成 \(last.end.dateOnly) 或更晚，或者删掉这一行")))
        }
        for (name, over, start) in [("event", event?.endsAt, event?.start), ("publicity", publicity?.closesAt, publicity?.start)] {
            guard let over, let start, over <= date else { continue }
            diagnostics.append(fields.location(name).warning(
                Wording("the \(name == "event" ? "event" : "公示 period") (\(start.display)) is over before the notice is published (\(date.display))",
                        zh: "\(name == "event" ? "活动" : "公示期")（\(start.display)）在通知发布（\(date.display)）之前就结束了"),
                hint: Wording("check the year and the dates: a notice copied from last year keeps its old dates",
                              zh: "请核对年份和日期：从去年的通知复制过来的，日期还是去年的")))
        }
        if level == .urgent, expires == nil, schedule.isEmpty {
            diagnostics.append(fields.location("level").warning(
                Wording("an urgent notice with neither schedule nor expires shows its banner on every page until it is removed",
                        zh: "紧急通知既没有写“schedule”（时段）也没有写“expires”（过期时间），它的横幅会一直挂在每个页面上，直到删掉这条通知"),
                hint: Wording("add expires: with the day it stops mattering, or the schedule of the outage",
                              zh: "请加上\(FieldGloss.quoted("expires"))（写它不再要紧的那一天），或者写上停水停电的时段“schedule”")))
        }
        return diagnostics
    }

    private static func parsePublicity(_ fields: inout FrontMatterFields) -> PublicityPeriod? {
        guard fields.has("publicity") else { return nil }
        let location = fields.location("publicity")
        guard let map = fields.mapping("publicity") else { return nil }
        guard let startNode = map["start"], let endNode = map["end"] else {
            fields.diagnostics.append(location.error(
                Wording("'publicity' needs both start and end",
                        zh: "\(FieldGloss.quoted("publicity"))要同时写“start”（开始日期）和“end”（结束日期）"),
                hint: Wording("publicity: {start: 2024-06-01, end: 2024-06-07}",
                              zh: "请这样写：publicity: {start: 2024-06-01, end: 2024-06-07}")))
            return nil
        }
        guard let start = fields.date(startNode, name: "publicity start"),
              let end = fields.date(endNode, name: "publicity end") else { return nil }
        if end < start {
            fields.diagnostics.append(fields.location(of: endNode).error(
                Wording("the 公示 period ends before it starts", zh: "公示期的结束日期比开始日期还早"),
                hint: Wording("start is the first day of the period, end the last: publicity: {start: 2026-11-25, end: 2026-12-01}",
                              zh: "start 写公示第一天，end 写最后一天：publicity: {start: 2026-11-25, end: 2026-12-01}")))
            return nil
        }
        return PublicityPeriod(start: start, end: end, location: location)
    }

    /// `{name, phone}`: a person to call, the phone checked like every phone field.
    private static func parseContact(_ fields: inout FrontMatterFields, _ key: String) -> Contact? {
        guard fields.has(key), let map = fields.mapping(key) else { return nil }
        for name in map.keys where name != "name" && name != "phone" {
            // {name: 杨某某, phone：138…}: the full-width colon lost the phone; said as for any field.
            if name.contains("："), case let slip = FrontMatterFields.unknownField(name, known: ["name", "phone"], at: fields.location(key)),
               slip.severity == .error {
                fields.diagnostics.append(slip)
                continue
            }
            if Self.phoneSpellings.contains(name.lowercased()), map["phone"] == nil {
                fields.diagnostics.append(Self.misnamed(name, meant: "phone", in: key, at: fields.location(key),
                                                        example: "\(key): {name: 张某某, phone: 13800000001}"))
                continue
            }
            fields.diagnostics.append(fields.location(key).warning(
                Wording("unknown field '\(name)' in \(key) is ignored",
                        zh: "“\(key)”里有不认识的字段“\(name)”，会被忽略"),
                hint: Wording("\(key): {name: 张某某, phone: 13800000001}",
                              zh: "只写姓名和电话：\(key): {name: 张某某, phone: 13800000001}")))
        }
        let name = map["name"]?.string?.trimmingSpaces.nilIfEmpty
        var phone: PhoneNumber?
        if let node = map["phone"], node.null == nil { phone = fields.phone(node, name: "\(key) phone") }
        guard name != nil || phone != nil else {
            fields.diagnostics.append(fields.location(key).error(
                Wording("'\(key)' needs a name and a phone",
                        zh: "“\(key)”要写上“name”（姓名）和\(FieldGloss.quoted("phone"))"),
                hint: Wording("\(key): {name: 张某某, phone: 13800000001}",
                              zh: "请这样写：\(key): {name: 张某某, phone: 13800000001}")))
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

    /// The notice's windows; one over before `publishedAt` (last year's dates copied: it
    /// would never be shown) is an error at its line.
    private static func parseSchedule(_ fields: inout FrontMatterFields, publishedAt date: ChinaTime?) -> [ScheduleWindow] {
        guard let items = fields.sequence("schedule") else { return [] }
        let exampleLine = "- {start: 2024-06-12 08:00, end: 2024-06-12 18:00, area: 第3至第9幢}"
        let example = Wording(exampleLine, zh: "每个时段写一行，例如：\(exampleLine)")
        var windows: [ScheduleWindow] = []
        for item in items {
            guard let map = item.mapping else {
                fields.diagnostics.append(fields.location(of: item).error(
                    Wording("each schedule window needs start and end",
                            zh: "\(FieldGloss.quoted("schedule"))的每个时段都要写“start”（开始时间）和“end”（结束时间）"),
                    hint: example))
                continue
            }
            var values: [String: Node] = [:]
            for (key, value) in map {
                guard let name = key.string else { continue }
                values[name] = value
                if Self.areaSpellings.contains(name.lowercased()), map["area"] == nil {
                    fields.diagnostics.append(Self.misnamed(name, meant: "area", in: "schedule", at: fields.location(of: key),
                                                            example: "- {start: 2026-12-01 08:00, end: 2026-12-01 18:00, area: 3幢}"))
                } else if !["start", "end", "area"].contains(name) {
                    fields.diagnostics.append(fields.location(of: key).warning(
                        Wording("unknown field '\(name)' in a schedule window is ignored",
                                zh: "时段里有不认识的字段“\(name)”，会被忽略"),
                        hint: Wording("a window has start, end and area",
                                      zh: "一个时段只写“start”（开始时间）、“end”（结束时间）和\(FieldGloss.quoted("area"))")))
                }
            }
            guard let startNode = values["start"], let endNode = values["end"] else {
                fields.diagnostics.append(fields.location(of: item).error(
                    Wording("a schedule window needs both start and end",
                            zh: "这个时段要同时写“start”（开始时间）和“end”（结束时间）"),
                    hint: example))
                continue
            }
            guard let start = fields.date(startNode, name: "schedule start"),
                  let end = fields.date(endNode, name: "schedule end") else { continue }
            let window = ScheduleWindow(start: start, end: end, area: values["area"]?.string?.trimmingSpaces.nilIfEmpty)
            if window.endsAt <= start {
                fields.diagnostics.append(fields.location(of: endNode).error(
                    Wording("the window ends before it starts", zh: "这个时段的结束时间不在开始时间之后"),
                    hint: Wording("check the day of end: a window past midnight ends the next day, end: 2026-12-02 06:00",
                                  zh: "请核对结束时间的日期：跨过半夜的时段，结束日期要写第二天，例如 end: 2026-12-02 06:00")))
                continue
            }
            if let date, window.endsAt <= date {
                fields.diagnostics.append(fields.location(of: item).warning(
                    Wording("the window \(window.start.display) ends before the notice is published (\(date.display)), so it is never shown",
                            zh: "时段 \(window.start.display) 在通知发布（\(date.display)）之前就结束了，不会显示出来"),
                    hint: Wording("check the year and the dates: a notice copied from last year keeps its old dates",
                                  zh: "请核对年份和日期：从去年的通知复制过来的，日期还是去年的")))
            }
            windows.append(window)
        }
        return windows.sorted { ($0.start, $0.endsAt) < ($1.start, $1.endsAt) }
    }

    private static func parseEvent(_ fields: inout FrontMatterFields) -> NoticeEvent? {
        guard fields.has("event"), let map = fields.mapping("event") else { return nil }
        guard let startNode = map["start"] else {
            fields.diagnostics.append(fields.location("event").error(
                Wording("'event' needs a start",
                        zh: "\(FieldGloss.quoted("event"))要写“start”（开始时间）"),
                hint: Wording("event: {start: 2024-06-15 09:00, end: 2024-06-15 12:00, place: 社区广场}",
                              zh: "请这样写：event: {start: 2024-06-15 09:00, end: 2024-06-15 12:00, place: 社区广场}")))
            return nil
        }
        guard let start = fields.date(startNode, name: "event start") else { return nil }
        var end: ChinaTime?
        if let endNode = map["end"], endNode.null == nil {
            guard let e = fields.date(endNode, name: "event end") else { return nil }
            end = e
            if e.asEnd <= start {
                fields.diagnostics.append(fields.location(of: endNode).error(
                    Wording("the event ends before it starts", zh: "活动的结束时间不在开始时间之后"),
                    hint: Wording("check the times: event: {start: 2026-12-05 09:00, end: 2026-12-05 11:00}",
                                  zh: "请核对开始和结束时间：event: {start: 2026-12-05 09:00, end: 2026-12-05 11:00}")))
                return nil
            }
        }
        for key in map.keys where !["start", "end", "place"].contains(key) {
            fields.diagnostics.append(fields.location("event").warning(
                Wording("unknown field '\(key)' in event is ignored",
                        zh: "\(FieldGloss.quoted("event"))里有不认识的字段“\(key)”，会被忽略"),
                hint: Wording("an event has start, end and place",
                              zh: "活动只写“start”（开始时间）、“end”（结束时间）和\(FieldGloss.quoted("place"))")))
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
        guard let file = file.map(StaticPath.underStatic), !file.isEmpty else {
            fields.diagnostics.append(location.error(
                Wording("'image' needs the photo's path under static/",
                        zh: "\(FieldGloss.quoted("image"))要写上照片在 static/ 文件夹里的路径"),
                hint: Wording("image: files/yizhen.jpg, or image: {file: files/yizhen.jpg, alt: 义诊现场}",
                              zh: "请写 image: files/yizhen.jpg，或者 image: {file: files/yizhen.jpg, alt: 义诊现场}")))
            return nil
        }
        guard StaticPath.isSafe(file) else {
            let refusal = StaticPath.refusal(file, what: Wording("the image path", zh: "\(FieldGloss.quoted("image"))字段的路径"),
                                             example: "files/yizhen.jpg")
            fields.diagnostics.append(location.error(refusal.message, hint: refusal.hint))
            return nil
        }
        guard PagePhoto.isPhoto(file) else {
            fields.diagnostics.append(location.error(
                Wording("'\(file)' is not a photo Anju can publish",
                        zh: "“\(file)”不是能发布的照片格式"),
                hint: Wording("use a .jpg, .png, .webp or .heic file",
                              zh: "请用 .jpg、.png、.webp 或 .heic 格式的照片")))
            return nil
        }
        return PagePhoto(file: file, alt: alt, location: location)
    }

    /// Names editors give fields inside contact, schedule and attachments: each loses what a
    /// resident needs (the number to call, the area, the attachment's name), so it is an error.
    static let phoneSpellings: Set<String> = ["tel", "telephone", "mobile", "cell", "phone_number", "phonenumber", "number", "电话", "手机"]
    static let areaSpellings: Set<String> = ["place", "location", "areas", "range", "scope", "where", "范围", "区域"]
    static let titleSpellings: Set<String> = ["name", "label", "text", "caption", "名称", "标题"]
    static let fileSpellings: Set<String> = ["path", "src", "url", "href", "link", "文件"]

    static func misnamed(_ name: String, meant: String, in what: String, at location: SourceLocation, example: String) -> Diagnostic {
        location.error(Wording("'\(name)' is not a field of \(what): did you mean '\(meant)'?",
                               zh: "“\(what)”里没有“\(name)”这个字段，是不是想写\(FieldGloss.quoted(meant))？"),
                       hint: Wording("as written, the page would not show it: \(example)",
                                     zh: "照现在这样写，页面上不会显示它；请这样写：\(example)"))
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
                for name in map.keys.compactMap(\.string) where name != "file" && name != "title" {
                    let meant = Self.titleSpellings.contains(name.lowercased()) && title == nil ? "title"
                        : Self.fileSpellings.contains(name.lowercased()) && file == nil ? "file" : nil
                    if let meant {
                        fields.diagnostics.append(Self.misnamed(name, meant: meant, in: "attachments", at: location,
                                                                example: "- {file: files/baoming.pdf, title: 报名表}"))
                        if meant == "file" { file = "" } // reported here, not again below
                    } else {
                        fields.diagnostics.append(location.warning(
                            Wording("unknown field '\(name)' in an attachment is ignored", zh: "附件里有不认识的字段“\(name)”，会被忽略"),
                            hint: Wording("an attachment has file and title: - {file: files/baoming.pdf, title: 报名表}",
                                          zh: "附件只写“file”（文件路径）和“title”（名称）：- {file: files/baoming.pdf, title: 报名表}")))
                    }
                }
            }
            if file == "" { continue }
            guard let file = file.map(StaticPath.underStatic), !file.isEmpty else {
                fields.diagnostics.append(location.error(
                    Wording("an attachment needs a file",
                            zh: "这个附件没有写“file”（文件路径）"),
                    hint: Wording("- {file: files/baoming.pdf, title: 报名表}",
                                  zh: "请这样写：- {file: files/baoming.pdf, title: 报名表}")))
                continue
            }
            guard StaticPath.isSafe(file) else {
                let refusal = StaticPath.refusal(file, what: Wording("the attachment path", zh: "附件路径"), example: "files/baoming.pdf")
                fields.diagnostics.append(location.error(refusal.message, hint: refusal.hint))
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
