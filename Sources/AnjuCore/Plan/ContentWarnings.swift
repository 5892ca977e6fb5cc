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
                    warnings.append(link.location.warning("the link \(url) uses http://",
                        hint: "use https:// where the site offers it: WeChat and phones warn about http pages"))
                }
            }
            for markup in info.body.shownAsText {
                let more = markup.count > 1 ? " (and \(markup.count - 1) more)" : ""
                switch markup.kind {
                case .html:
                    warnings.append(markup.location.warning("HTML is shown on the page as text, not as formatting: \(markup.text)\(more)",
                        hint: "write Markdown instead: **重点** for bold, a blank line for a new paragraph, | 项目 | 时间 | for a table"))
                case .heading:
                    let marks = markup.text.prefix { $0 == "#" || $0 == "＃" }
                    let meant = String(repeating: "#", count: marks.count) + " " + markup.text.dropFirst(marks.count).trimmingSpaces
                    warnings.append(markup.location.warning("'\(markup.text)' is shown as text, not as a heading\(more)",
                        hint: "a heading is an ASCII # and a space: \(meant)"))
                case .question:
                    warnings.append(markup.location.warning("'\(markup.text)' is above the first ## question, so it is not one of the topic's questions\(more)",
                        hint: "write each question as a heading on a line of its own: ## \(markup.text)"))
                case .link:
                    warnings.append(markup.location.warning("'\(markup.text)' is shown as text, not as a link\(more)",
                        hint: markup.text.contains(where: { "【】（）！".contains($0) })
                            ? "a link is written in ASCII brackets, with the input method on English punctuation: \(ChineseBracketLink.meant(markup.text))"
                            : "a file name with a space goes in <…>: \(ChineseBracketLink.meant(markup.text)), or rename the file without spaces"))
                }
            }
            if case .qa = document {
                for question in info.body.questions where question.answerText.trimmingSpaces.isEmpty {
                    warnings.append(SourceLocation(path: info.source.displayPath, line: question.line).warning(
                        "the question '\(question.text)' has no answer under it",
                        hint: "write the answer on the lines below the question, before the next ##"))
                }
            }
            guard case .notice(let notice) = document else { continue }
            let path = info.source.displayPath
            if notice.pinned, notice.isExpired(at: now) {
                let at = notice.pinnedLocation ?? SourceLocation(path: path)
                warnings.append(at.warning("a pinned notice has expired and no longer shows on the home page",
                                           hint: "remove 'pinned: true' or extend 'expires'"))
            }
            if let period = notice.publicity {
                let calendar = WorkingCalendar.shared
                if !calendar.covers(period.start) || !calendar.covers(period.end) {
                    warnings.append(period.location.warning(
                        "Anju knows China's holidays for \(calendar.years.lowerBound)–\(calendar.years.upperBound) only: "
                            + "working days of this 公示 are counted Monday to Friday",
                        hint: "check the working days by hand, and update Anju (scripts/gen_holidays.py) once the year's holidays are published"))
                }
                let days = calendar.workingDays(from: period.start, through: period.end)
                if days < Self.minimumPublicityWorkingDays {
                    warnings.append(period.location.warning(
                        "the 公示 period has \(days) working day\(days == 1 ? "" : "s"), fewer than \(Self.minimumPublicityWorkingDays)",
                        hint: "公示 periods usually run at least five working days; check the end date"))
                }
            }
            for attachment in notice.attachments {
                if staticFiles[attachment.file]?.size == 0 {
                    warnings.append(attachment.location.warning("the attachment \(attachment.file) is empty (0 bytes)",
                        hint: "copy the file again: residents would download nothing"))
                }
                if let size = staticFiles[attachment.file]?.size, size > Self.attachmentLimit {
                    warnings.append(attachment.location.warning(
                        "the attachment \(attachment.file) is \(PageContext.fileSize(size)), over 10 MB",
                        hint: "residents download it on mobile data: compress the PDF or split it"))
                }
            }
        }
        return warnings
    }
}
