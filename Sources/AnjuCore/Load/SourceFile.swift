/// The kinds of content an editor writes, one folder each.
public enum Section: String, CaseIterable, Sendable, Comparable {
    case notices, qa, projects, guides, jobs, pages

    public static func < (a: Section, b: Section) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// What editors call the section.
    /// The names editors give a folder of this section in Chinese.
    var chineseNames: [String] {
        switch self {
        case .notices: ["通知", "通知公告", "公告", "公示"]
        case .qa: ["问答", "政策问答"]
        case .projects: ["项目", "帮扶项目"]
        case .guides: ["办事指南", "指南"]
        case .jobs: ["招聘", "招聘信息", "岗位"]
        case .pages: ["页面"]
        }
    }

    public var chineseName: String {
        switch self {
        case .notices: "通知"
        case .qa: "问答"
        case .projects: "项目"
        case .guides: "办事指南"
        case .jobs: "招聘信息"
        case .pages: "页面"
        }
    }

    /// A page's path inside its site: `notices/ting-shui/`; a free page's is `about/`.
    public func urlPath(slug: String) -> String {
        self == .pages ? "\(slug)/" : "\(rawValue)/\(slug)/"
    }
}

/// One Markdown file as read from `content/`, before anything is parsed.
public struct SourceFile: Sendable {
    /// Relative to the content root: `wenbi/notices/ting-shui.md`, `_shared/qa/buchang.md`.
    public var contentPath: String
    /// As shown to the editor: `content/wenbi/notices/ting-shui.md`.
    public var displayPath: String
    public var section: Section
    /// From `content/_shared/`.
    public var isShared: Bool
    public var bytes: [UInt8]

    /// The same file without its bytes: what a parsed document keeps, so a built site's
    /// plan does not hold every source file a second time.
    public var withoutBytes: SourceFile {
        var copy = self
        copy.bytes = []
        return copy
    }

    /// The file name without `.md`.
    public var fileStem: String {
        // The name found by UTF-8 byte ('/' is ASCII): splitting the path by Character was
        // not free for 10,000 files.
        let utf8 = contentPath.utf8
        let name: String
        if utf8.last == 0x2F {
            name = contentPath.split(separator: "/").last.map(String.init) ?? contentPath
        } else {
            let start = utf8.lastIndex(of: 0x2F).map { utf8.index(after: $0) } ?? utf8.startIndex
            name = String(Substring(utf8[start...]))
        }
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }
}

/// A file under `static/`, copied as it is.
public struct StaticFile: Sendable {
    /// Where it lands under `public/<site>/`, also its URL path: `files/baoming.pdf`.
    public var outputPath: String
    /// Where to read it with the file system.
    public var sourcePath: String
    public var displayPath: String
    public var size: Int
    public var isShared: Bool
}

extension StaticFile {
    /// What to do about a file named in front matter (`static/files/a.pdf`, `files/a.PDF`)
    /// that is not among `files`: the name as written when the file is there under another
    /// spelling, else where to put it. `what` names the file in each language ("file" and
    /// 附件 for an attachment, "picture" and 图片 for the share image).
    static func hint(forMissing path: String, among files: [String: StaticFile],
                     what: Wording) -> Wording {
        if path.hasPrefix("static/"), files[String(path.dropFirst("static/".count))] != nil {
            let written = path.dropFirst("static/".count)
            return Wording("the path starts inside static/: write \(written)",
                           zh: "路径开头不用写 static/，请写成：\(written)")
        }
        let lower = path.lowercased()
        if let found = files.keys.filter({ $0.lowercased() == lower }).min() {
            return Wording("the \(what.english) is \(found): a file name must match in upper and lower case",
                           zh: "\(what.chinese)的文件名其实是 \(found)：英文字母的大小写也要写得一模一样")
        }
        return Wording("put the \(what.english) at static/\(path) in this site's or the shared folder",
                       zh: "请把\(what.chinese)放到本站文件夹或共用文件夹 _shared 里的 static/\(path)")
    }
}

/// Everything read for one site: its settings, its own and the shared content, its static files.
public struct SiteSource: Sendable {
    public var id: String
    public var configPath: String
    public var configBytes: [UInt8]
    public var documents: [SourceFile]
    /// Keyed by output path; a site's own file replaces a shared one with the same path.
    public var staticFiles: [String: StaticFile]
    /// `synonyms.yml` of `_shared` and of the site, in that order: (display path, bytes).
    public var synonymFiles: [(path: String, bytes: [UInt8])] = []
    /// The site's `grid.yml`, if it has one: (display path, bytes).
    public var gridFile: (path: String, bytes: [UInt8])?
}
