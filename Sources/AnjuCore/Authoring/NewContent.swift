import AnjuKernels
import Foundation

/// `anju new`: a content file with complete front matter, each field explained in Chinese
/// for editors who do not remember them.
public enum NewContent {
    public enum Kind: String, CaseIterable, Sendable {
        case notice, qa, project, page, guide, job

        public var section: Section {
            switch self {
            case .notice: .notices
            case .qa: .qa
            case .project: .projects
            case .page: .pages
            case .guide: .guides
            case .job: .jobs
            }
        }
    }

    /// How every placeholder of a new file begins (`Placeholder`, which check reports).
    static let placeholderMark = Placeholder.mark

    public struct Exists: Error, CustomStringConvertible {
        public var path: String
        public var wording: Wording {
            Wording("\(path) already exists; choose another title or edit that file",
                    zh: "文件 \(path) 已经存在：请换一个标题，或者直接修改这个文件")
        }
        public var description: String { wording.english }
    }

    /// Writes the file and returns its path; never overwrites.
    public static func create(_ kind: Kind, siteID: String, title: String, contentDirectory: String,
                              now: ChinaTime) throws -> String {
        let siteFolder = joinPath(contentDirectory, siteID)
        guard DiskFileSystem().isFile(joinPath(siteFolder, "site.yml")) else {
            let config = joinPath(siteFolder, "site.yml")
            throw UsageError(Wording("there is no site '\(siteID)': no \(config)",
                                     zh: "没有站点“\(siteID)”：找不到 \(config)"))
        }
        let trimmed = title.trimmingSpaces
        guard !trimmed.isEmpty else { throw UsageError(Wording("the title is empty", zh: "标题是空的")) }
        var slug = PinyinTable.shared.slug(trimmed)
        if slug.isEmpty { slug = "\(kind.rawValue)-\(now.dateOnly)" }
        let folder = joinPath(siteFolder, kind.section.rawValue)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A file of the same name with another title (停水通知 and 停水、通知 are spelt alike;
        // next year's 「关于12月停水的通知」) gets -2, -3 …; the same title again is refused:
        // that file is the one to edit.
        var path = joinPath(folder, slug + ".md")
        var fd: Int32 = -1
        var failure = EEXIST
        for n in 1...99 {
            path = joinPath(folder, slug + (n == 1 ? "" : "-\(n)") + ".md")
            // O_EXCL: never overwrite, even a file that appears between a check and the write.
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            failure = errno
            guard fd < 0, failure == EEXIST else { break }
            if Self.title(ofFileAt: path) == trimmed { throw Exists(path: path) }
        }
        guard fd >= 0 else {
            if failure == EEXIST { throw Exists(path: path) }
            let reason = String(cString: strerror(failure))
            throw UsageError(Wording("cannot create \(path): \(reason)", zh: "无法新建文件 \(path)（\(reason)）"))
        }
        let bytes = Array(text(kind, title: trimmed, now: now).utf8)
        let writeFailure = FileDescriptorIO.writeAll(fd, bytes)
        close(fd)
        if let writeFailure {
            throw UsageError(Wording("cannot write \(path): \(writeFailure)", zh: "无法写入文件 \(path)（\(writeFailure)）"))
        }
        return path
    }

    /// The file's text: front matter with a comment above each field, then a body to replace.
    public static func text(_ kind: Kind, title: String, now: ChinaTime) -> String {
        let minute = ChinaTime(epochSeconds: now.epochSeconds - now.epochSeconds % 60, hasTime: true)
        let t = "title: \(yamlString(title))"
        switch kind {
        case .notice:
            // A 公示's period is filled in, to be checked: the page shows it and whether it still runs.
            let publicity = "publicity: {start: \(now.dateOnly), end: \(ChinaTime(epochSeconds: now.epochSeconds + 7 * 86_400).dateOnly)}"
            let isPublicity = title.contains("公示") && !title.contains("结果")
            // A cut's window is what residents look for first (the home page lists it, and an
            // urgent notice's banner ends with it): filled in for tomorrow, its area to write.
            let tomorrow = ChinaTime(epochSeconds: now.epochSeconds + 86_400).dateOnly
            let isCut = ["停水", "停电", "停气", "施工", "检修"].contains(where: title.contains)
            let window = "  - {start: \(tomorrow) 08:00, end: \(tomorrow) 18:00, area: \(placeholderMark)范围，例如：第3至第9幢）}"
            return """
            ---
            # 标题：居民一眼能看懂，写清楚什么事、什么时间
            \(t)
            # 发布时间（北京时间）。写将来的时间，到时间后的下一次构建才会发布
            date: \(minute.display)
            # 过期时间（可选）：过期后不在首页和列表显示，页面注明已过期。只写日期表示当天仍有效
            # expires: \(ChinaTime(epochSeconds: now.epochSeconds + 7 * 86_400).dateOnly)
            # 级别：urgent（紧急）、important（重要）、normal（一般）
            level: normal
            # 置顶：true 表示放在首页“重要提醒”里
            pinned: false
            # 发布单位，例如：社区居委会、县水电移民服务中心
            issuer:
            # 类别，例如：停水停电、会议通知、招聘就业、公示公告、培训报名、安全提示
            category:
            # 公示期（公示类通知填写）：一般不少于五个工作日
            \(isPublicity ? "" : "# ")\(publicity)
            # 停水、停电、施工的时段（可选，可以写几段）：首页“停水停电与施工”按时段列出；紧急通知的横幅在最后一段结束后消失
            \(isCut ? "schedule:\n" + window : "# schedule:\n# " + window)
            # 活动、会议的时间地点（可选），例如：
            # event: {start: \(tomorrow) 09:00, end: \(tomorrow) 11:30, place: 社区广场}
            # 一句话摘要（可选）：列表和分享时显示，不写就用正文开头
            # summary:
            # 照片（可选）：放在 static/files/ 里，alt 写照片上是什么
            # image: {file: files/xianchang.jpg, alt: 停水现场}
            # 录音（可选）：例如用方言读的通知，放在 static/files/ 里
            # audio: files/tongzhi.m4a
            # 附件（可选）：文件放在本社区的 static/files/ 文件夹里
            # attachments:
            #   - {file: files/baoming.pdf, title: 报名表}
            # 标签（可选），例如：[停水, 第三居民小组]
            tags: []
            ---

            各位居民：

            \(placeholderMark)通知正文：什么事、什么时间、什么地点、居民要做什么、联系电话。）

            """
        case .qa:
            return """
            ---
            # 标题：这组问答讲什么
            \(t)
            # 分类：补偿补助、安置方式、后期扶持、就业培训、信访诉求、社区服务（也可以写新的分类）
            category: 社区服务
            # 政策依据（可选），例如：《大中型水利水电工程建设征地补偿和移民安置条例》
            source:
            # 解答单位（可选），例如：巧家县水电移民服务中心
            authority:
            # 更新日期
            updated: \(now.dateOnly)
            # 排序（可选）：加一行 order: 1 这样的数字，数字小的排在前面；不写就排在写了的后面
            ---

            ## \(placeholderMark)第一个问题）？

            \(placeholderMark)回答。每个“## ”开头的一行是一个问题，问题下面写回答。）

            """
        case .project:
            return """
            ---
            # 项目名称
            \(t)
            # 状态：planned（规划中）、building（建设中）、completed（已建成）、operating（运营中）
            status: planned
            # 总投资，单位万元，只写数字
            investment:
            # 资金来源
            funding:
            # 开工日期、建成日期（可选）
            start:
            completion:
            # 地点
            location:
            # 受益群众，例如：移民群众约1200户
            beneficiaries:
            # 进度：0 到 100
            progress: 0
            ---

            ## 项目概况

            \(placeholderMark)项目概况、建设内容、带动效益和进展。）

            """
        case .guide:
            return """
            ---
            # 事项名称：居民怎么说就怎么写，例如“高龄补贴申领”
            \(t)
            # 一句话说明这件事（可选）
            summary:
            # 分类（必填），例如：社会救助、养老服务、移民后期扶持、就业创业、医疗保障、证明开具
            category: 社会救助
            # 适用对象与条件：谁可以办，要满足什么条件
            audience:
            # 需要带的材料，一行一样：name 材料名称；form 原件、复印件 或 原件和复印件；copies 份数（正整数）；note 说明（可选）
            materials:
              - {name: \(placeholderMark)材料名称，例如：居民身份证）, form: 原件和复印件, copies: 1}
            # 办理步骤，按先后顺序一行一步
            steps:
              - \(placeholderMark)第一步，例如：携带材料到社区便民服务窗口提出申请）
            # 办理地点/窗口
            window: \(placeholderMark)办理地点，例如：社区党群服务中心一楼便民服务窗口）
            # 办理时间
            hours: \(placeholderMark)办理时间，例如：工作日 8:30—12:00，14:30—18:00）
            # 承诺时限，例如：15个工作日、即来即办
            time_limit: \(placeholderMark)承诺时限）
            # 收费标准：不收费的不用写，页面显示“免费”
            # fee:
            # 办理依据：政策文件名称
            basis:
            # 咨询电话：带区号的座机（0870-7123456）、手机或 12345
            phone:
            # 监督电话（可选），例如：12345
            # supervision_phone: "12345"
            # 行动不便的居民能否预约上门办理：true 或 false
            home_service: false
            # 网上办理地址（可选），以 https:// 开头
            # online:
            # 更新日期
            updated: \(now.dateOnly)
            ---

            \(placeholderMark)办理中要注意的事、常见问题。）

            """
        case .job:
            return """
            ---
            # 岗位名称：写清楚招什么人、招几个，例如“帮扶车间招聘缝纫工10名”
            \(t)
            # 一句话说明（可选）
            summary:
            # 发布时间（北京时间）。写将来的时间，到时间后的下一次构建才会发布
            date: \(minute.display)
            # 报名截止日期（必填）：只写日期表示当天仍可报名，过了就显示“已截止”
            deadline: \(ChinaTime(epochSeconds: now.epochSeconds + 14 * 86_400).dateOnly)
            # 用工单位
            employer:
            # 招聘人数（正整数）
            positions: 1
            # 工资待遇，例如：计件工资，熟练工每月2500—3500元
            pay:
            # 招聘条件，例如：18至55周岁，身体健康，搬迁群众优先
            requirements:
            # 工作地点
            place:
            # 报名咨询：联系人和电话（带区号的座机或手机）
            contact: {name: \(placeholderMark)联系人）, phone: \(placeholderMark)电话）}
            ---

            \(placeholderMark)工作内容、报名方式、报名要带的材料。）

            """
        case .page:
            return """
            ---
            # 页面标题
            \(t)
            # 排序：数字小的在菜单里排在前面
            order: 10
            # 是否放进网站菜单：true 或 false
            menu: false
            ---

            \(placeholderMark)页面内容。）

            """
        }
    }

    /// The title an existing file gives, read as the build reads it; nil when it has none.
    static func title(ofFileAt path: String) -> String? {
        // A regular file only: a link or a pipe named like the new file is not read.
        guard PathStatus(path)?.isFile == true, (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil,
              let bytes = try? DiskFileSystem().read(path), case .success(let text) = SourceText.decode(bytes, path: path),
              case .success(let split) = FrontMatterSplit.split(text, path: path) else { return nil }
        var diagnostics: [Diagnostic] = []
        var fields = FrontMatterFields(yaml: split.yaml, path: path, firstLine: split.yamlFirstLine, diagnostics: &diagnostics)
        return fields?.string("title")
    }

    /// Quotes a title when YAML would otherwise misread it: its characters, or the whole of
    /// it (null, true, 2026 would be no text).
    static func yamlString(_ s: String) -> String {
        let special: Set<Character> = [":", "#", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
        let readAsOther = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"].contains(s.lowercased())
            || Double(s) != nil
        if readAsOther || s.contains(where: { special.contains($0) }) || s.hasPrefix("-") || s.hasPrefix("?") {
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return s
    }
}
