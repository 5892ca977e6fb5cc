/// Problems that do not stop a build but that an editor should fix: things that are valid
/// Markdown and YAML yet wrong for a notice board.
struct ContentWarnings {
    static let attachmentLimit = 10 * 1024 * 1024
    /// 公示 periods are usually at least five working days.
    static let minimumPublicityWorkingDays = 5

    var now: ChinaTime

    func check(_ documents: [Document], staticFiles: [String: StaticFile]) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for document in documents {
            let info = document.info
            for link in info.body.links {
                if case .external(let url) = link.target, url.lowercased().hasPrefix("http://") {
                    warnings.append(link.location.warning(
                        Wording("the link \(url) uses http://", zh: "链接 \(url) 用的是 http://"),
                        hint: Wording("use https:// where the site offers it: WeChat and phones warn about http pages",
                                      zh: "对方网站支持的话，请改成 https://：微信和手机打开 http:// 的网页会弹出安全警告")))
                }
            }
            for markup in info.body.shownAsText {
                let more = markup.count > 1
                    ? Wording(" (and \(markup.count - 1) more)", zh: "（同样的还有 \(markup.count - 1) 处）")
                    : Wording("", zh: "")
                switch markup.kind {
                case .html:
                    warnings.append(markup.location.warning(
                        Wording("HTML is shown on the page as text, not as formatting: \(markup.text)",
                                zh: "这段 HTML 代码会当作文字原样显示在页面上，不会变成排版格式：\(markup.text)") + more,
                        hint: Wording("write Markdown instead: **重点** for bold, a blank line for a new paragraph, | 项目 | 时间 | for a table",
                                      zh: "请改用 Markdown 的写法：加粗写成 **重点**，另起一段就空一行，表格写成 | 项目 | 时间 |")))
                case .heading:
                    let marks = markup.text.prefix { $0 == "#" || $0 == "＃" }
                    let meant = String(repeating: "#", count: marks.count) + " " + markup.text.dropFirst(marks.count).trimmingSpaces
                    warnings.append(markup.location.warning(
                        Wording("'\(markup.text)' is shown as text, not as a heading",
                                zh: "“\(markup.text)”会显示成普通文字，不是标题") + more,
                        hint: Wording("a heading is an ASCII # and a space: \(meant)",
                                      zh: (marks.contains("＃") ? "标题开头要用英文的 # 号（不是全角“＃”），后面空一格" : "# 号后面要空一格")
                                          + "，请写成：\(meant)")))
                case .question:
                    warnings.append(markup.location.warning(
                        Wording("'\(markup.text)' is above the first ## question, so it is not one of the topic's questions",
                                zh: "“\(markup.text)”写在第一个 ## 问题的上面，不会算作这个问答里的问题") + more,
                        hint: Wording("write each question as a heading on a line of its own: ## \(markup.text)",
                                      zh: "每个问题单独占一行，写成标题：## \(markup.text)")))
                case .table:
                    // The first row as a Markdown table's, cut at tabs or pipes, and the line under it.
                    let cells = markup.text.split(whereSeparator: { $0 == "\t" || $0 == "|" || $0 == "｜" })
                        .map { $0.trimmingSpaces }.filter { !$0.isEmpty }
                    let row = "| " + cells.joined(separator: " | ") + " |"
                    let rule = "|" + String(repeating: "---|", count: max(cells.count, 1))
                    let shown = markup.text.replacingOccurrences(of: "\t", with: " ")
                    warnings.append(markup.location.warning(
                        Wording("'\(shown)' is shown as lines of text, not as a table",
                                zh: "“\(shown)”会显示成一行行文字，不是表格") + more,
                        hint: Wording("write the table's first row as \(row), then \(rule) on the line under it, each row between | on a line of its own (ASCII |, not ｜)",
                                      zh: "表格第一行写成 \(row)，下一行写 \(rule)，以后每行一条，格子之间用英文竖线 | 隔开（不是全角“｜”，也不是 Tab）")))
                case .link:
                    let meant = ChineseBracketLink.meant(markup.text)
                    warnings.append(markup.location.warning(
                        Wording("'\(markup.text)' is shown as text, not as a link",
                                zh: "“\(markup.text)”会显示成普通文字，不是链接") + more,
                        hint: markup.text.contains(where: { "【】（）！".contains($0) })
                            ? Wording("a link is written in ASCII brackets, with the input method on English punctuation: \(meant)",
                                      zh: "链接要用英文的方括号和圆括号，请把输入法切换到英文标点，写成：\(meant)")
                            : Wording("a file name with a space goes in <…>: \(meant), or rename the file without spaces",
                                      zh: "文件名里有空格时，要用 <…> 括起来：\(meant)；也可以给文件改个没有空格的名字")))
                }
            }
            if case .qa = document {
                for question in info.body.questions where question.answerText.trimmingSpaces.isEmpty {
                    warnings.append(SourceLocation(path: info.source.displayPath, line: question.line).warning(
                        Wording("the question '\(question.text)' has no answer under it",
                                zh: "问题“\(question.text)”下面没有写回答"),
                        hint: Wording("write the answer on the lines below the question, before the next ##",
                                      zh: "请把回答写在这个问题下面、下一个 ## 之前")))
                }
            }
            guard case .notice(let notice) = document else { continue }
            let path = info.source.displayPath
            if notice.pinned, notice.isExpired(at: now) {
                let at = notice.pinnedLocation ?? SourceLocation(path: path)
                warnings.append(at.warning(
                    Wording("a pinned notice has expired and no longer shows on the home page",
                            zh: "这条置顶通知已经过期，首页上不再显示"),
                    hint: Wording("remove 'pinned: true' or extend 'expires'",
                                  zh: "请删掉 pinned: true 这一行，或者把\(FieldGloss.quoted("expires"))往后改")))
            }
            if let period = notice.publicity {
                let calendar = WorkingCalendar.shared
                if !calendar.covers(period.start) || !calendar.covers(period.end) {
                    warnings.append(period.location.warning(
                        Wording("Anju knows China's holidays for \(calendar.years.lowerBound)–\(calendar.years.upperBound) only: "
                                    + "working days of this 公示 are counted Monday to Friday",
                                zh: "Anju 只知道 \(calendar.years.lowerBound)–\(calendar.years.upperBound) 年的法定节假日："
                                    + "这次公示期的工作日是按周一到周五算的，没有扣除节假日"),
                        hint: Wording("check the working days by hand, and update Anju (scripts/gen_holidays.py) once the year's holidays are published",
                                      zh: "请自己核对一下工作日天数；当年的放假安排公布后，请更新 Anju（scripts/gen_holidays.py）")))
                }
                let days = calendar.workingDays(from: period.start, through: period.end)
                if days < Self.minimumPublicityWorkingDays {
                    warnings.append(period.location.warning(
                        Wording("the 公示 period has \(days) working day\(days == 1 ? "" : "s"), fewer than \(Self.minimumPublicityWorkingDays)",
                                zh: "公示期只有 \(days) 个工作日，不到 \(Self.minimumPublicityWorkingDays) 个工作日"),
                        hint: Wording("公示 periods usually run at least five working days; check the end date",
                                      zh: "公示期一般至少 5 个工作日，请核对“end”（结束日期）有没有写错")))
                }
            }
            for attachment in notice.attachments {
                if staticFiles[attachment.file]?.size == 0 {
                    warnings.append(attachment.location.warning(
                        Wording("the attachment \(attachment.file) is empty (0 bytes)",
                                zh: "附件 \(attachment.file) 是个空文件（0 字节）"),
                        hint: Wording("copy the file again: residents would download nothing",
                                      zh: "请重新复制一次这个文件：不然居民下载到的是空文件")))
                }
                if let size = staticFiles[attachment.file]?.size, size > Self.attachmentLimit {
                    warnings.append(attachment.location.warning(
                        Wording("the attachment \(attachment.file) is \(PageContext.fileSize(size)), over 10 MB",
                                zh: "附件 \(attachment.file) 有 \(PageContext.fileSize(size))，超过了 10 MB"),
                        hint: Wording("residents download it on mobile data: compress the PDF or split it",
                                      zh: "居民多用手机流量下载：请把 PDF 压缩一下，或者拆成几个文件")))
                }
            }
        }
        return warnings
    }
}
