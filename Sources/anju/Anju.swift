import AnjuCore
import ArgumentParser
import Foundation

/// The `anju` command: a thin shell over AnjuCore. Exit status 0 built, 1 content errors,
/// 2 wrong usage (the contract's numbers, not ArgumentParser's 64).
@main
struct Anju: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anju",
        abstract: "Builds the public-information portals of resettlement communities from Markdown.",
        subcommands: [Build.self, Check.self, New.self, Serve.self]
    )

    static func main() {
        Builder.tuneAllocator()
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
            Foundation.exit(code.rawValue == 1 ? 1 : 2)
        }
    }
}

/// Content problems were reported; exit with this status.
struct ContentErrors: Error {
    var status: Int32
}

struct SiteOptions: ParsableArguments {
    @Option(name: .customLong("site"), help: "Only this site (repeatable). Default: every site.")
    var sites: [String] = []

    @Option(help: "The content folder.")
    var content = "content"

    @Option(help: "Fix \"now\" for drafts, scheduling and expiry, as \"YYYY-MM-DD HH:MM\" (China time).")
    var now: String?

    func resolvedNow() throws -> ChinaTime { try parseNow(now) }
}

/// `--now`, or the clock.
func parseNow(_ text: String?) throws -> ChinaTime {
    guard let text else { return ChinaTime(epochSeconds: Int64(Date().timeIntervalSince1970)) }
    guard let time = ChinaTime.parse(text) else {
        throw ValidationError("--now must be \"YYYY-MM-DD HH:MM\" or \"YYYY-MM-DD\", not '\(text)'")
    }
    return time
}

extension Anju {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build every site (or the --site ones) into the output folder.")

        @OptionGroup var common: SiteOptions

        @Option(help: "The templates folder. Default: templates/ here, else the one beside the content folder.")
        var templates: String?

        @Option(help: "The output folder; each site goes to <output>/<site>.")
        var output = "public"

        @Option(name: .customLong("base-url"), help: "Replace each site's base_url (for a preview or a sub-folder host).")
        var baseURL: String?

        @Flag(help: "Also build drafts and notices dated in the future.")
        var drafts = false

        @Option(help: "Where resized photos are kept between builds. Default: .anju-cache/ beside the content folder.")
        var cache: String?

        @Flag(help: "Print the time each stage took.")
        var timings = false

        @Flag(inversion: .prefixedNo, help: ArgumentHelp("Index pinyin and initials for search.", visibility: .hidden))
        var searchPinyin = true

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
            if self.timings { print("stages: \(report.timings.description)") }
            print(Report.say("built \(report.written.count) site\(report.written.count == 1 ? "" : "s") in \(seconds) s",
                             zh: "已构建 \(report.written.count) 个站点，用时 \(seconds) 秒"))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every file of every site; write nothing.")

        @OptionGroup var common: SiteOptions

        @Option(help: "The templates folder. Default: templates/ here, else the one beside the content folder.")
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
            abstract: "Preview one site on 127.0.0.1; pages reload as files are saved.")

        @Option(help: "The site to preview. Default: the first one.")
        var site: String?

        @Option(help: "The port; 0 or none picks a free one.")
        var port = 0

        @Option(help: "The content folder.")
        var content = "content"

        @Option(help: "The templates folder. Default: templates/ here, else the one beside the content folder.")
        var templates: String?

        @Flag(help: "Also show drafts and notices dated in the future.")
        var drafts = false

        @Option(help: "Where resized photos are kept between builds. Default: .anju-cache/ beside the content folder.")
        var cache: String?

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
            server.start()
            Report.out(Report.say("serving \(id) at http://127.0.0.1:\(server.port)/ — watching \(content)/ and \(options.templatesDirectory)/; Ctrl-C stops",
                                  zh: "正在预览 \(id)：请用浏览器打开 http://127.0.0.1:\(server.port)/ ；\(content)/ 和 \(options.templatesDirectory)/ 里的文件一保存，页面就自动刷新；按 Ctrl-C 停止"))
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
                                          zh: "已更新，用时 \(milliseconds) 毫秒"))
                }
            }
            guard watcher != nil else {
                throw UsageError(Wording("cannot watch \(content)/ for changes (inotify)",
                                         zh: "无法监视 \(content)/ 里文件的改动（inotify）"))
            }
            while true { sleep(3600) }
        }
    }
}

extension Anju {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a notice, Q&A topic, project, page, service guide or job with complete front matter.",
            discussion: "Example: anju new notice --site wenbi \"关于停水的通知\"")

        @Argument(help: "notice, qa, project, page, guide or job")
        var kind: NewContent.Kind

        @Option(help: "The site the file belongs to.")
        var site: String

        @Argument(help: "The title, in Chinese; the file name is its pinyin.")
        var title: String

        @Option(help: "The content folder.")
        var content = "content"

        @Option(help: "Fix \"now\" for the date written, as \"YYYY-MM-DD HH:MM\" (China time).")
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
