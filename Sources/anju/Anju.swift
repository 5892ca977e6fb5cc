import AnjuCore
import ArgumentParser
import Foundation

/// The `anju` command: a thin shell over AnjuCore. Exit status 0 built, 1 content errors,
/// 2 wrong usage (the contract's numbers, not ArgumentParser's 64).
@main
struct Anju: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anju",
        abstract: Report.say("Builds the public-information portals of resettlement communities from Markdown.",
                             zh: "用 Markdown 生成移民安置社区的信息公开网站"),
        subcommands: [Build.self, Check.self, New.self, Serve.self]
    )

    static func main() {
        Builder.tuneAllocator()
        // No command at all is wrong usage (exit 2), with the usage on stderr.
        if CommandLine.arguments.count == 1 {
            FileHandle.standardError.write(Data((helpMessage() + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ContentErrors {
            Foundation.exit(exit.status)
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("anju: \(error.wording.text(in: Report.language))\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            // ArgumentParser's own words are English: say in Chinese where to read the usage.
            if Report.language == .chinese {
                FileHandle.standardError.write(Data("命令写得不对（用法见上）；加上 --help 可以看到中文的用法，例如 anju build --help\n".utf8))
            }
            Foundation.exit(code.rawValue == 1 ? 1 : 2)
        }
    }
}

/// Content problems were reported; exit with this status.
struct ContentErrors: Error {
    var status: Int32
}

struct SiteOptions: ParsableArguments {
    @Option(name: .customLong("site"), help: help("Only this site (repeatable). Default: every site.",
                                                   zh: "只处理这个站点（可以写多次）；不写就处理全部站点"))
    var sites: [String] = []

    @Option(help: help("The content folder.", zh: "内容文件夹"))
    var content = "content"

    @Option(help: help("Fix \"now\" for drafts, scheduling and expiry, as \"YYYY-MM-DD HH:MM\" (China time).",
                       zh: "把“现在”定为这个时间，用于草稿、定时发布和过期，格式 \"YYYY-MM-DD HH:MM\"（北京时间）"))
    var now: String?

    func resolvedNow() throws -> ChinaTime { try parseNow(now) }
}

/// `--now`, or the clock.
func parseNow(_ text: String?) throws -> ChinaTime {
    guard let text else { return ChinaTime(epochSeconds: Int64(Date().timeIntervalSince1970)) }
    guard let time = ChinaTime.parse(text) else {
        throw ValidationError(Report.say("--now must be \"YYYY-MM-DD HH:MM\" or \"YYYY-MM-DD\", not '\(text)'",
                                         zh: "--now 要写成 \"YYYY-MM-DD HH:MM\" 或 \"YYYY-MM-DD\"，不能是“\(text)”"))
    }
    return time
}

extension Anju {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Report.say(
            "Build every site (or the --site ones) into the output folder.", zh: "构建全部站点（或 --site 指定的站点），写入输出文件夹"))

        @OptionGroup var common: SiteOptions

        @Option(help: help("The templates folder. Default: templates/ here, else the one beside the content folder.",
                           zh: "模板文件夹；不写就用这里的 templates/，这里没有就用内容文件夹旁边的"))
        var templates: String?

        @Option(help: help("The output folder; each site goes to <output>/<site>.", zh: "输出文件夹；每个站点写到 <output>/<站点>"))
        var output = "public"

        @Option(name: .customLong("base-url"), help: help("Replace each site's base_url (for a preview or a sub-folder host).",
                                                          zh: "替换每个站点的 base_url（预览或放在子目录时用）"))
        var baseURL: String?

        @Flag(help: help("Also build drafts and notices dated in the future.", zh: "草稿和发布时间还没到的通知也一起构建"))
        var drafts = false

        @Option(help: help("Where resized photos are kept between builds. Default: .anju-cache/ beside the content folder.",
                           zh: "缩小后的照片存放的文件夹，下次构建直接用；不写就用内容文件夹旁边的 .anju-cache/"))
        var cache: String?

        @Flag(help: help("Print the time each stage took.", zh: "列出每个阶段用了多少时间"))
        var timings = false

        @Flag(inversion: .prefixedNo, help: help("Index pinyin and initials for search.", zh: "搜索索引里加入拼音和首字母", hidden: true))
        var searchPinyin = true

        func validate() throws {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), !isFolder.boolValue {
                throw ValidationError(Report.say("--output '\(output)' is a file, not a folder",
                                                 zh: "--output 写的“\(output)”是一个文件，不是文件夹"))
            }
        }

        func run() throws {
            var options = BuildOptions(now: try common.resolvedNow())
            options.contentDirectory = common.content
            options.templatesDirectory = BuildOptions.templatesFolder(templates, content: common.content)
            options.outputDirectory = output
            options.siteIDs = common.sites
            options.baseURL = baseURL
            options.includeDrafts = drafts
            options.searchPinyin = searchPinyin
            options.photoStore = DiskPhotoStore(folder: BuildOptions.photoCacheFolder(cache: cache, content: common.content))
            let started = Date()
            let report: BuildReport
            do {
                report = try Builder().build(options, writingTo: output)
            } catch let error as UsageError {
                throw error
            } catch {
                let failure = (error as? SiteWriter.WriteError)?.wording ?? Wording("\(error)", zh: "（\(error)）")
                Report.line(Report.say("anju: write failed: \(failure.english); \(output)/ is unchanged",
                                       zh: "anju: 写入失败：\(failure.chinese)。\(output)/ 保持原样，没有改动"))
                throw ContentErrors(status: 1)
            }
            Report.print(report.diagnostics, warningsShown: Report.buildWarningsShown)
            guard report.succeeded else {
                Report.line(Report.say("build failed: nothing was written; \(output)/ is unchanged",
                                       zh: "构建失败：什么都没有写入，\(output)/ 保持原样"))
                throw ContentErrors(status: 1)
            }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            for site in report.written {
                print(Report.say("\(site.id): \(site.pageCount) pages, \(site.fileCount) files → \(joinPath(output, site.id))"
                                 + (site.keptSearchIndex ? " (search index unchanged, kept)" : ""),
                                 zh: "\(site.id)：\(site.pageCount) 个页面，\(site.fileCount) 个文件 → \(joinPath(output, site.id))"
                                 + (site.keptSearchIndex ? "（搜索索引没有变化，沿用上次的）" : "")))
            }
            if self.timings { print(Report.say("stages: \(report.timings.description)", zh: "各阶段用时：\(report.timings.wording.chinese)")) }
            print(Report.say("built \(report.written.count) site\(report.written.count == 1 ? "" : "s") in \(seconds) s",
                             zh: "已构建 \(report.written.count) 个站点，用时 \(seconds) 秒"))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Report.say(
            "Check every file of every site; write nothing.", zh: "检查每个站点的每个文件；什么都不写"))

        @OptionGroup var common: SiteOptions

        @Option(help: help("The templates folder. Default: templates/ here, else the one beside the content folder.",
                           zh: "模板文件夹；不写就用这里的 templates/，这里没有就用内容文件夹旁边的"))
        var templates: String?

        func run() throws {
            var options = BuildOptions(now: try common.resolvedNow())
            options.contentDirectory = common.content
            options.templatesDirectory = BuildOptions.templatesFolder(templates, content: common.content)
            options.siteIDs = common.sites
            // Photos' headers are read (GPS, size, broken files); no copies are made.
            options.processPhotos = false
            let report = try Builder().build(options)
            Report.print(report.diagnostics)
            if !report.succeeded { throw ContentErrors(status: 1) }
            print(Report.say("ok: \(report.sites.map(\.id).joined(separator: ", ")) — no errors",
                             zh: "检查通过：\(report.sites.map(\.id).joined(separator: "、")) 没有错误"))
        }
    }
}

extension NewContent.Kind: ExpressibleByArgument {}

extension Anju {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Wording("Preview one site on 127.0.0.1; pages reload as files are saved.",
                              zh: "在 127.0.0.1 上预览一个站点；文件一保存，页面就自动刷新").text(in: PreviewReload.language))

        @Option(help: help("The site to preview. Default: the first one.", zh: "要预览的站点；不写就预览第一个", in: PreviewReload.language))
        var site: String?

        @Option(help: help("The port; 0 or none picks a free one.", zh: "端口；不写或写 0 就自动挑一个空闲的", in: PreviewReload.language))
        var port = 0

        @Option(help: help("The content folder.", zh: "内容文件夹", in: PreviewReload.language))
        var content = "content"

        @Option(help: help("The templates folder. Default: templates/ here, else the one beside the content folder.",
                           zh: "模板文件夹；不写就用这里的 templates/，这里没有就用内容文件夹旁边的", in: PreviewReload.language))
        var templates: String?

        @Flag(help: help("Also show drafts and notices dated in the future.", zh: "草稿和发布时间还没到的通知也显示", in: PreviewReload.language))
        var drafts = false

        @Option(help: help("Where resized photos are kept between builds. Default: .anju-cache/ beside the content folder.",
                           zh: "缩小后的照片存放的文件夹，下次构建直接用；不写就用内容文件夹旁边的 .anju-cache/", in: PreviewReload.language))
        var cache: String?

        func validate() throws {
            guard (0...65_535).contains(port) else {
                throw ValidationError(Wording("--port must be a number from 0 to 65535, not \(port)",
                                              zh: "--port 要写 0 到 65535 之间的数，不能是 \(port)").text(in: PreviewReload.language))
            }
        }

        func run() throws {
            Report.language = PreviewReload.language
            let loader = ContentLoader(fileSystem: DiskFileSystem(), contentDirectory: content)
            let available = loader.availableSiteIDs()
            guard let id = site ?? available.first else {
                throw UsageError(Wording("no sites in '\(content)'", zh: "“\(content)”里没有站点"))
            }
            guard available.contains(id) else { throw UsageError(Wording("there is no site '\(id)'", zh: "没有站点“\(id)”")) }
            let server: PreviewServer
            do { server = try PreviewServer(port: port) } catch let error as PreviewServer.StartError {
                throw UsageError(Wording(error.wording.english, zh: "预览启动不了：" + error.wording.chinese))
            }
            var options = BuildOptions(now: try parseNow(nil))
            options.contentDirectory = content
            options.templatesDirectory = BuildOptions.templatesFolder(templates, content: content)
            options.baseURL = "http://127.0.0.1:\(server.port)/"
            options.includeDrafts = drafts
            options.photoStore = DiskPhotoStore(folder: BuildOptions.photoCacheFolder(cache: cache, content: content))
            let preview = PreviewSite(siteID: id, options: options)
            server.site = preview
            Report.print(preview.rebuild(now: try parseNow(nil)))
            // Watching starts before the first connection is taken: a preview whose visitors had
            // used every file descriptor could not start watching, and stopped.
            let watcher = ContentWatcher(folders: [content, options.templatesDirectory]) { change in
                let started = Date()
                let problems = preview.rebuild(now: (try? parseNow(nil)) ?? ChinaTime(epochSeconds: 0), change: change)
                server.notify(problems: problems)
                if problems.hasErrors {
                    Report.print(problems)
                    Report.line(Report.say("still serving the last good build", zh: "预览仍显示上一次成功构建的页面"))
                } else {
                    let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
                    Report.out(Report.say("rebuilt in \(milliseconds) ms (\(preview.lastTimings.description))",
                                          zh: "已更新，用时 \(milliseconds) 毫秒（\(preview.lastTimings.wording.chinese)）"))
                }
            }
            guard watcher != nil else {
                throw UsageError(Wording("cannot watch \(content)/ for changes (inotify)",
                                         zh: "无法监视 \(content)/ 里文件的改动（inotify）"))
            }
            server.start()
            Report.out(Report.say("serving \(id) at http://127.0.0.1:\(server.port)/ — watching \(content)/ and \(options.templatesDirectory)/; Ctrl-C stops",
                                  zh: "正在预览 \(id)：请用浏览器打开 http://127.0.0.1:\(server.port)/ ；\(content)/ 和 \(options.templatesDirectory)/ 里的文件一保存，页面就自动刷新；按 Ctrl-C 停止"))
            while true { sleep(3600) }
        }
    }
}

extension Anju {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Report.say("Start a notice, Q&A topic, project, page, service guide or job with complete front matter.",
                                 zh: "新建一篇通知、问答、项目、页面、办事指南或招聘，字段区已经写好"),
            discussion: Report.say("Example: anju new notice --site wenbi \"关于停水的通知\"",
                                   zh: "例如：anju new notice --site wenbi \"关于停水的通知\""))

        @Argument(help: help("notice, qa, project, page, guide or job",
                             zh: "notice（通知）、qa（问答）、project（项目）、page（页面）、guide（办事指南）或 job（招聘）"))
        var kind: NewContent.Kind

        @Option(help: help("The site the file belongs to.", zh: "文件属于哪个站点"))
        var site: String

        @Argument(help: help("The title, in Chinese; the file name is its pinyin.", zh: "标题，用中文写；文件名是标题的拼音"))
        var title: String

        @Option(help: help("The content folder.", zh: "内容文件夹"))
        var content = "content"

        @Option(help: help("Fix \"now\" for the date written, as \"YYYY-MM-DD HH:MM\" (China time).",
                           zh: "把写进文件的日期定为这个时间，格式 \"YYYY-MM-DD HH:MM\"（北京时间）"))
        var now: String?

        func run() throws {
            do {
                let path = try NewContent.create(kind, siteID: site, title: title, contentDirectory: content,
                                                 now: try parseNow(now))
                print(path)
            } catch let exists as NewContent.Exists {
                Report.line("anju: \(exists.wording.text(in: Report.language))")
                throw ContentErrors(status: 1)
            }
        }
    }
}

/// `--help`'s words in the reader's language, as every other line of the command (`serve`'s
/// in the preview's, as the preview itself speaks).
func help(_ english: String, zh chinese: String, in language: EditorLanguage = Report.language,
          hidden: Bool = false) -> ArgumentHelp {
    ArgumentHelp(Wording(english, zh: chinese).text(in: language), visibility: hidden ? .hidden : .default)
}

/// What the command says on a terminal, in the reader's language: diagnostics as
/// `path:line:column: error: message`, a hint under each, a count at the end, and its other lines.
enum Report {
    /// Standard output, unbuffered: a preview's log must appear as it happens.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static let buildWarningsShown = 20

    /// The reader's language: Chinese on a zh locale or with ANJU_LANG=zh; the preview's
    /// terminal speaks as its pages do. Set once, by `serve` before its watcher's thread
    /// starts, and only read after.
    nonisolated(unsafe) static var language = EditorLanguage.from(environment: ProcessInfo.processInfo.environment)

    static func say(_ english: String, zh chinese: String) -> String {
        Wording(english, zh: chinese).text(in: language)
    }

    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Grouped by file, in file order, a blank line between files. With `warningsShown`
    /// (a build's log), errors come first and only that many warnings follow: four hundred
    /// warnings on every daily build buried its one error; `anju check` lists them all.
    static func print(_ diagnostics: [Diagnostic], warningsShown: Int? = nil) {
        guard !diagnostics.isEmpty else { return }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        var shown = diagnostics
        if let limit = warningsShown {
            shown = diagnostics.filter { $0.severity == .error } + diagnostics.filter { $0.severity == .warning }.prefix(limit)
        }
        var previous: String?
        for d in shown {
            if let previous, previous != d.path { line("") }
            line(d.text(in: language))
            previous = d.path
        }
        if shown.count < diagnostics.count {
            line("")
            line(say("… and \(diagnostics.count - shown.count) more warnings: run anju check to see every one",
                     zh: "…… 还有 \(diagnostics.count - shown.count) 条提醒没有列出：运行 anju check 可以看到全部"))
        }
        let files = Set(diagnostics.map(\.path)).count
        line("")
        line(say("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")",
                 zh: "\(files) 个文件中有 \(errors) 处错误、\(warnings) 条提醒"))
    }
}
