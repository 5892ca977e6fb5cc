/// Markdown after parsing: HTML to place in a page, plain text for summaries and search.
public struct RenderedBody: Sendable {
    /// The HTML as UTF-8 (valid: cmark-gfm writes it from validated text), which pages print
    /// as it is; a String of it is made only where one is needed (the feed).
    public var htmlUTF8: [UInt8]
    public var html: String { String(decoding: htmlUTF8, as: UTF8.self) }
    /// The text without markup, for summaries and search; a Q&A topic split into questions
    /// keeps it only until its excerpt is made (`DocumentInfo`), its questions their own.
    public var plainText: String
    public var headings: [Heading]
    /// Every link and image in the body, with the URL as rewritten for the site.
    public var links: [LinkReference]
    /// The body split at its `##` headings: a Q&A topic's questions.
    public var questions: [Question]
    /// How much of `plainText`, in UTF-8 bytes, comes before the first question: a topic's
    /// introduction.
    public var introByteCount = 0
    /// The body's first prose (paragraphs, lists, quotes) for the excerpt: a heading or a
    /// table's cells would run into the text after them as one phrase (停水范围时间区域…).
    /// Kept until the excerpt is made (`DocumentInfo`).
    public var lead = ""
    /// Markup the editor meant that the page shows as text, the first of each kind, for warnings.
    public var shownAsText: [MarkupShownAsText] = []
}

/// What an editor wrote as markup that the page shows as text: HTML (never run), a heading
/// without the space after its # (##办理流程, ＃＃ 办理流程), a link in Chinese brackets
/// (【报名表】（files/baoming.pdf）), a table pasted from a spreadsheet.
public struct MarkupShownAsText: Sendable, Hashable {
    /// `question`: in a Q&A topic, before its first `##`, a line written as a question (ending
    /// in ？ or ?, or a `###` heading) that is therefore no question of the topic.
    /// `table`: cells pasted with tabs, or written between pipes without the |---| line.
    public enum Kind: Sendable, Hashable { case html, heading, link, question, table }
    public var kind: Kind
    /// Where the first of its kind is.
    public var location: SourceLocation
    /// The first one as written, up to the end of its line (at most 40 characters).
    public var text: String
    /// How many of its kind the body has.
    public var count: Int
}

public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var anchor: String
    public var line: Int
}

/// One `##` question of a Q&A topic and the answer under it.
public struct Question: Sendable, Hashable {
    public var text: String
    public var anchor: String
    /// The answer's HTML as UTF-8: the body's bytes between this question and the next, a
    /// slice of the body's HTML (sharing its storage, not a copy).
    public var answerUTF8: ArraySlice<UInt8>
    public var answerHTML: String { String(decoding: answerUTF8, as: UTF8.self) }
    public var answerText: String
    public var line: Int
}

/// A link found in Markdown, kept so the plan stage can check that its target exists.
public struct LinkReference: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// A path inside the site (`/qa/buchang/`), with an optional fragment.
        case internalPath(String, fragment: String?)
        /// `#fragment` on the same page.
        case samePage(fragment: String)
        case external(String)
        /// A link that cannot point anywhere in the site; the message says why.
        case broken(Wording)
        /// A notice or job scheduled for later (`date` ahead): shown as text until then.
        case notYetPublished(url: String, on: String)
    }
    public var target: Target
    public var isImage: Bool
    public var location: SourceLocation
    /// For images: whether alt text was given.
    public var hasAltText: Bool
}

/// Fields every document has.
///
/// A class, not a struct: documents are passed, sorted and listed many times per build, and
/// copying a struct of a dozen strings and arrays retained and released each of them every
/// time (a quarter of a large re-plan's samples under perf). It is immutable, so sharing it
/// is safe; `with(body:)` makes a new one.
public final class DocumentInfo: Sendable {
    public let title: String
    public let slug: String
    public let section: Section
    public let summary: String?
    public let tags: [String]
    public let draft: Bool
    public let updated: ChinaTime?
    public let source: SourceFile
    public let body: RenderedBody
    /// Path of the page inside the site, without the base path: `notices/ting-shui/`.
    public let urlPath: String
    /// The front matter's summary, or the first 120 characters of the text: computed once,
    /// since lists, feeds and descriptions all show it.
    public let excerpt: String
    /// A recording of the page (`audio:`), played before the text.
    public let audio: AudioRecording?
    /// The page's photo (`image:`), shown under its title, in lists and when shared.
    public let image: PagePhoto?
    /// `original: true`: the page's photos link to their full-size (stripped) originals.
    public let showsOriginals: Bool
    /// Where a `slug:` field is written: a URL two files claim is reported there.
    public let slugLocation: SourceLocation?
    /// `aliases:`, the page's former URLs as site paths (`notices/old-name/`), each given a
    /// page that leads here: a renamed notice's printed QR code still arrives.
    public let aliases: [String]
    public let aliasesLocation: SourceLocation?

    public init(title: String, slug: String, section: Section, summary: String?, tags: [String], draft: Bool,
                updated: ChinaTime?, source: SourceFile, body: RenderedBody, audio: AudioRecording? = nil,
                image: PagePhoto? = nil, showsOriginals: Bool = false, slugLocation: SourceLocation? = nil,
                aliases: [String] = [], aliasesLocation: SourceLocation? = nil) {
        self.title = title
        self.slugLocation = slugLocation
        self.aliases = aliases
        self.aliasesLocation = aliasesLocation
        self.slug = slug
        self.section = section
        self.summary = summary
        self.tags = tags
        self.draft = draft
        self.updated = updated
        self.source = source
        self.urlPath = section.urlPath(slug: slug)
        self.excerpt = summary ?? ChineseText.summary(of: body.lead.isEmpty ? body.plainText : body.lead)
        // A topic split into questions is searched question by question, each with its
        // answer's text, and the topic by its introduction: the whole text, as large as the
        // topic's source, is not kept for the rest of the build.
        var body = body
        body.lead = ""
        if section == .qa && !body.questions.isEmpty {
            body.plainText = String(decoding: body.plainText.utf8.prefix(body.introByteCount), as: UTF8.self)
        }
        self.body = body
        self.audio = audio
        self.image = image
        self.showsOriginals = showsOriginals
    }

    func with(body: RenderedBody) -> DocumentInfo {
        DocumentInfo(title: title, slug: slug, section: section, summary: summary, tags: tags, draft: draft,
                     updated: updated, source: source, body: body, audio: audio, image: image, showsOriginals: showsOriginals,
                     slugLocation: slugLocation, aliases: aliases, aliasesLocation: aliasesLocation)
    }

    func with(audio: AudioRecording?) -> DocumentInfo {
        DocumentInfo(title: title, slug: slug, section: section, summary: summary, tags: tags, draft: draft,
                     updated: updated, source: source, body: body, audio: audio, image: image, showsOriginals: showsOriginals,
                     slugLocation: slugLocation, aliases: aliases, aliasesLocation: aliasesLocation)
    }
}

/// A recording an editor attached (`audio: files/tingshui-1130.m4a`, under static/): the
/// community director reading the notice in dialect, say.
public struct AudioRecording: Sendable, Hashable {
    public var file: String
    public var location: SourceLocation
    public var size: Int = 0
    public var seconds: Double? = nil

    public static let extensions: Set<String> = ["m4a", "mp3", "aac", "wav", "ogg", "oga", "opus", "mp4"]
    /// Above this a resident on mobile data pays too much for it: `check` warns.
    public static let warningSize = 5 * 1024 * 1024
}

public enum NoticeLevel: String, Sendable, CaseIterable {
    case urgent, important, normal

    public var label: String {
        switch self {
        case .urgent: "紧急"
        case .important: "重要"
        case .normal: "一般"
        }
    }
}

/// A 公示 period: the public may object between `start` and `end`.
public struct PublicityPeriod: Sendable, Hashable {
    public var start: ChinaTime
    public var end: ChinaTime
    public var location: SourceLocation

    /// The moment the period is over: a bare end date runs through that day.
    public var closesAt: ChinaTime { end.asEnd }

    public func isRunning(at now: ChinaTime) -> Bool { start <= now && now < closesAt }
    public func hasEnded(at now: ChinaTime) -> Bool { now >= closesAt }
}

public struct Attachment: Sendable, Hashable {
    /// Path under static/: `files/baoming.pdf`.
    public var file: String
    public var title: String
    public var size: Int
    public var location: SourceLocation

    /// `PDF`, `DOCX`… from the file name.
    public var typeLabel: String {
        guard let dot = file.lastIndex(of: "."), dot != file.index(before: file.endIndex) else { return "文件" }
        return file[file.index(after: dot)...].uppercased()
    }
}

public struct Notice: Sendable {
    public var info: DocumentInfo
    public var date: ChinaTime
    public var expires: ChinaTime?
    public var level: NoticeLevel
    public var pinned: Bool
    public var issuer: String?
    public var category: String?
    public var publicity: PublicityPeriod?
    public var attachments: [Attachment]
    /// 停水停电与施工 windows, soonest first.
    public var schedule: [ScheduleWindow] = []
    public var event: NoticeEvent? = nil
    /// `result`: the notice announcing a 公示's outcome, as written, where, and as linked.
    public var result: String? = nil
    public var resultLocation: SourceLocation? = nil
    public var resultURL: String? = nil
    /// Where `expires`, `pinned` and `date` are written, for warnings about them.
    public var expiresLocation: SourceLocation? = nil
    public var pinnedLocation: SourceLocation? = nil
    public var dateLocation: SourceLocation? = nil

    /// The moment it leaves lists: a bare date runs through that day.
    public var expiresAt: ChinaTime? { expires?.asEnd }

    public func isExpired(at now: ChinaTime) -> Bool { expiresAt.map { now >= $0 } ?? false }
    public func isPublished(at now: ChinaTime) -> Bool { date <= now }
}

public struct QATopic: Sendable {
    public var info: DocumentInfo
    public var category: String
    public var policySource: String?
    public var authority: String?
    public var order: Int
}

public enum ProjectStatus: String, Sendable, CaseIterable {
    case planned, building, completed, operating

    public var label: String {
        switch self {
        case .planned: "规划中"
        case .building: "建设中"
        case .completed: "已建成"
        case .operating: "运营中"
        }
    }
}

public struct Project: Sendable {
    public var info: DocumentInfo
    public var status: ProjectStatus?
    /// 万元.
    public var investment: Double?
    public var funding: String?
    public var start: ChinaTime?
    public var completion: ChinaTime?
    public var location: String?
    public var beneficiaries: String?
    public var progress: Int?
}

public struct Page: Sendable {
    public var info: DocumentInfo
    public var order: Int
    public var menu: Bool
}

/// A parsed content file of any section.
public enum Document: Sendable {
    case notice(Notice)
    case qa(QATopic)
    case project(Project)
    case page(Page)
    case guide(Guide)
    case job(Job)

    /// The `order` of a page, topic or guide that gives none: after those that do, as Hugo
    /// puts pages without a weight.
    public static let unordered = Int.max

    public var info: DocumentInfo {
        switch self {
        case .notice(let d): d.info
        case .qa(let d): d.info
        case .project(let d): d.info
        case .page(let d): d.info
        case .guide(let d): d.info
        case .job(let d): d.info
        }
    }
}
