/// A problem found in the content or templates, reported as `path:line:column: severity: message`.
///
/// Errors are values: every stage collects them for the whole tree so that an editor sees
/// every problem in one run instead of fixing them one build at a time.
public struct Diagnostic: Error, Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var path: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var wording: Wording
    /// What the editor can do about it, in a sentence.
    public var hintWording: Wording?

    public var message: String { wording.english }
    public var hint: String? { hintWording?.english }

    public init(path: String, line: Int = 1, column: Int = 1, severity: Severity = .error,
                message: Wording, hint: Wording? = nil) {
        self.path = path
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.severity = severity
        self.wording = message
        self.hintWording = hint
    }

    public static func error(_ path: String, _ line: Int = 1, _ column: Int = 1,
                             _ message: Wording, hint: Wording? = nil) -> Diagnostic {
        Diagnostic(path: path, line: line, column: column, severity: .error, message: message, hint: hint)
    }

    public static func warning(_ path: String, _ line: Int = 1, _ column: Int = 1,
                               _ message: Wording, hint: Wording? = nil) -> Diagnostic {
        Diagnostic(path: path, line: line, column: column, severity: .warning, message: message, hint: hint)
    }

    /// `path:line:column: error: message` and the hint on an indented line below, in English.
    public var description: String { text(in: .english) }

    /// The same in `language`: `path:line:column: 错误：message`, `    提示：hint`.
    public func text(in language: EditorLanguage) -> String {
        switch language {
        case .english:
            var text = "\(path):\(line):\(column): \(severity.rawValue): \(wording.english)"
            if let hintWording { text += "\n    hint: \(hintWording.english)" }
            return text
        case .chinese:
            var text = "\(path):\(line):\(column): \(severity == .error ? "错误" : "提醒")：\(wording.chinese)"
            if let hintWording { text += "\n    提示：\(hintWording.chinese)" }
            return text
        }
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.path, a.line, a.column, a.severity.rawValue, a.message)
            < (b.path, b.line, b.column, b.severity.rawValue, b.message)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file and position, duplicates removed: a `_shared` file included by three
    /// sites reports its problem once.
    public var normalized: [Diagnostic] { Array(Set(self)).sorted() }
}

extension Diagnostic {
    /// Every site's diagnostics as one list. A shared file (content/_shared/…) is built into
    /// the `sharing` sites: a problem it has in some of them only (a link to a page one site
    /// lacks, an anchor a site's own copy of a topic does not have) names those sites.
    static func acrossSites(_ perSite: [(site: String, diagnostics: [Diagnostic])], sharing: Set<String>) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var sitesOf: [Diagnostic: [String]] = [:]
        var order: [Diagnostic] = []
        for (site, diagnostics) in perSite {
            for d in diagnostics {
                guard d.path.contains("/" + ContentLoader.sharedFolder + "/") || d.path.hasPrefix(ContentLoader.sharedFolder + "/") else {
                    result.append(d)
                    continue
                }
                if sitesOf[d] == nil { order.append(d) }
                sitesOf[d, default: []].append(site)
            }
        }
        let everySite = sharing.intersection(perSite.map(\.site))
        for d in order {
            var sites: [String] = []
            for site in sitesOf[d]! where !sites.contains(site) { sites.append(site) }
            guard everySite.count > 1, Set(sites).isStrictSubset(of: everySite) else { result.append(d); continue }
            var named = d
            let list = sites.joined(separator: ", ")
            named.wording = Wording(d.wording.english + " (site \(list))", zh: d.wording.chinese + "（站点 \(sites.joined(separator: "、"))）")
            result.append(named)
        }
        return result
    }
}
