/// Load stage: walks `content/` and reads every site's files into `SiteSource` values.
///
/// Nothing is interpreted here beyond the layout of folders; problems with the layout itself
/// (an unknown section folder, a stray file) are reported as diagnostics.
public struct ContentLoader: Sendable {
    public static let sharedFolder = "_shared"

    public var fileSystem: any FileSystem
    /// The content root as given on the command line (`content`), used in displayed paths.
    public var contentDirectory: String

    public init(fileSystem: any FileSystem, contentDirectory: String) {
        self.fileSystem = fileSystem
        self.contentDirectory = contentDirectory
    }

    /// Ids of every folder under the content root that holds a `site.yml`, sorted.
    public func availableSiteIDs() -> [String] {
        (fileSystem.entries(of: contentDirectory) ?? [])
            .filter { $0.isDirectory && !$0.name.hasPrefix("_") && !$0.name.hasPrefix(".") }
            .map(\.name)
            .filter { fileSystem.isFile(joinPath(contentDirectory, $0, "site.yml")) }
    }

    public func load(siteID: String, includeShared: Bool) -> (SiteSource, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let configPath = joinPath(contentDirectory, siteID, "site.yml")
        let configBytes = (try? fileSystem.read(configPath)) ?? []
        var documents: [SourceFile] = []
        var statics: [String: StaticFile] = [:]
        var synonymFiles: [(path: String, bytes: [UInt8])] = []
        var gridFile: (path: String, bytes: [UInt8])?

        var roots = [(folder: siteID, shared: false)]
        if includeShared, fileSystem.isDirectory(joinPath(contentDirectory, Self.sharedFolder)) {
            roots.insert((Self.sharedFolder, true), at: 0)
        }
        for root in roots {
            let rootPath = joinPath(contentDirectory, root.folder)
            for entry in fileSystem.entries(of: rootPath) ?? [] {
                if entry.name.hasPrefix(".") || entry.name.hasPrefix("_") { continue }
                if entry.isDirectory {
                    if let section = Section(rawValue: entry.name) {
                        collectDocuments(in: joinPath(root.folder, entry.name), section: section,
                                         shared: root.shared, into: &documents, diagnostics: &diagnostics)
                    } else if entry.name == "static" {
                        collectStatic(in: joinPath(root.folder, "static"), relative: "",
                                      shared: root.shared, into: &statics)
                    } else {
                        diagnostics.append(.warning(joinPath(rootPath, entry.name), 1, 1,
                            "folder '\(entry.name)' is not a section and is ignored",
                            hint: "content goes in qa/, notices/, projects/, guides/, jobs/, pages/ or static/"))
                    }
                } else if entry.name == "synonyms.yml" {
                    let path = joinPath(rootPath, entry.name)
                    if let bytes = try? fileSystem.read(path) { synonymFiles.append((path, bytes)) }
                } else if entry.name == "grid.yml" {
                    let path = joinPath(rootPath, entry.name)
                    if root.shared {
                        diagnostics.append(.warning(path, 1, 1, "grid.yml in _shared is ignored",
                            hint: "each community has its own grids: move it to content/<site>/grid.yml"))
                    } else if let bytes = try? fileSystem.read(path) {
                        gridFile = (path, bytes)
                    } else {
                        diagnostics.append(.error(path, 1, 1, "cannot read grid.yml"))
                    }
                } else if entry.name != "site.yml" {
                    diagnostics.append(.warning(joinPath(rootPath, entry.name), 1, 1,
                        "file '\(entry.name)' is outside any section and is ignored",
                        hint: "move it into qa/, notices/, projects/, guides/, jobs/, pages/ or static/"))
                }
            }
        }
        let site = SiteSource(id: siteID, configPath: configPath, configBytes: configBytes,
                              documents: documents, staticFiles: statics, synonymFiles: synonymFiles,
                              gridFile: gridFile)
        return (site, diagnostics)
    }

    private func collectDocuments(in folder: String, section: Section, shared: Bool,
                                  into documents: inout [SourceFile], diagnostics: inout [Diagnostic]) {
        var found: [(child: String, display: String)] = []
        listDocuments(in: folder, into: &found, diagnostics: &diagnostics)
        // Read on every core: one thread reading a site's thousands of files left the other
        // idle at the start of every build.
        let paths = found.map(\.display), fileSystem = self.fileSystem
        let read = ResultSlots<[UInt8]?>(count: paths.count)
        Parallel.forEach(paths.count) { i in read.set(i, try? fileSystem.read(paths[i])) }
        for ((child, display), bytes) in zip(found, read.values) {
            guard let bytes else {
                diagnostics.append(.error(display, 1, 1, "cannot read the file"))
                continue
            }
            documents.append(SourceFile(contentPath: child, displayPath: display, section: section,
                                        isShared: shared, bytes: bytes))
        }
    }

    /// The Markdown files under a section's folder, in the order the folders list them.
    private func listDocuments(in folder: String, into found: inout [(child: String, display: String)],
                               diagnostics: inout [Diagnostic]) {
        let path = joinPath(contentDirectory, folder)
        for entry in fileSystem.entries(of: path) ?? [] {
            if entry.name.hasPrefix(".") || entry.name.hasPrefix("_") { continue }
            let child = joinPath(folder, entry.name)
            if entry.isDirectory {
                listDocuments(in: child, into: &found, diagnostics: &diagnostics)
            } else if entry.name.hasSuffix(".md") {
                found.append((child, joinPath(contentDirectory, child)))
            } else {
                diagnostics.append(.warning(joinPath(contentDirectory, child), 1, 1,
                    "'\(entry.name)' is not a Markdown file and is ignored",
                    hint: "images and PDF files belong in static/"))
            }
        }
    }

    private func collectStatic(in folder: String, relative: String, shared: Bool,
                               into statics: inout [String: StaticFile]) {
        let path = joinPath(contentDirectory, folder)
        for entry in fileSystem.entries(of: path) ?? [] where !entry.name.hasPrefix(".") {
            let rel = relative.isEmpty ? entry.name : relative + "/" + entry.name
            if entry.isDirectory {
                collectStatic(in: joinPath(folder, entry.name), relative: rel, shared: shared, into: &statics)
            } else {
                let source = joinPath(path, entry.name)
                statics[rel] = StaticFile(outputPath: rel, sourcePath: source, displayPath: source,
                                          size: fileSystem.size(of: source) ?? 0, isShared: shared)
            }
        }
    }
}
