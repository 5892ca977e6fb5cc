import AnjuKernels
import Foundation
import Yams

/// A Markdown file cut into its YAML front matter and its body, remembering line numbers so
/// every diagnostic points into the file the editor has open.
struct FrontMatterSplit {
    var yaml: String
    /// File line of the first YAML line (the one after the opening `---`).
    var yamlFirstLine: Int
    var body: String
    /// File line of the first body line.
    var bodyFirstLine: Int

    static func split(_ text: String, path: String) -> Result<FrontMatterSplit, Diagnostic> {
        // Only the front matter is cut into lines; the body is taken whole after it.
        // Lines are found by UTF-8 byte: "\n" is always a character of its own (the text has
        // no CR left), and searching by Character was most of this function's time.
        var lines: [Substring] = []
        let utf8 = text.utf8
        var rest = text[...]
        var closed: String.Index?
        var first = true
        while !rest.isEmpty {
            let end = utf8[rest.startIndex...].firstIndex(of: 0x0A) ?? rest.endIndex
            let line = rest[..<end]
            let next = end < rest.endIndex ? utf8.index(after: end) : end
            if first {
                guard line.trimmingSpaces == "---" else {
                    if Self.looksLikeDashes(line) {
                        return .failure(.error(path, 1, 1, Self.dashesMistyped(line), hint: Self.dashesHint))
                    }
                    if text.drop(while: { $0 == "\n" || $0 == " " || $0 == "\t" || $0 == "\u{3000}" }).hasPrefix("---") {
                        return .failure(.error(path, 1, 1,
                            Wording("the front matter must start on the file's first line",
                                    zh: "文件开头的字段区（两行 --- 之间）要从文件的第一行开始"),
                            hint: Wording("delete the empty lines before the first '---'",
                                          zh: "请删掉第一个 --- 前面的空行")))
                    }
                    return .failure(.error(path, 1, 1, Self.noFrontMatter, hint: Self.noFrontMatterHint))
                }
                first = false
            } else if line == "---" || line == "..." || line.trimmingSpaces == "---" {
                closed = next
                break
            } else {
                lines.append(line)
            }
            rest = text[next...]
        }
        if first {
            return .failure(.error(path, 1, 1, Self.noFrontMatter, hint: Self.noFrontMatterHint))
        }
        guard let bodyStart = closed else {
            // ——— or －－－ typed by a Chinese input method, or -- / ----: the line meant to close it.
            if let meant = lines.firstIndex(where: { Self.looksLikeDashes($0) }) {
                return .failure(.error(path, meant + 2, 1, Self.dashesMistyped(lines[meant]), hint: Self.dashesHint))
            }
            return .failure(.error(path, 1, 1,
                Wording("the front matter is not closed",
                        zh: "文件开头的字段区（两行 --- 之间）只有开头的 ---，缺少结尾的 ---"),
                hint: Wording("add a line '---' after the last field",
                              zh: "请在最后一个字段的下一行写一行 ---")))
        }
        return .success(FrontMatterSplit(yaml: lines.joined(separator: "\n"), yamlFirstLine: 2,
                                         body: String(text[bodyStart...]), bodyFirstLine: lines.count + 3))
    }

    /// A line of dashes that is not `---`: long dashes (——— from a Chinese input method),
    /// full-width ones (－－－), box-drawing lines, or two or four ASCII dashes.
    static func looksLikeDashes(_ line: Substring) -> Bool {
        let marks = line.trimmingSpaces
        return marks.count >= 2 && marks != "---" && marks.allSatisfy { "-—－―─–━".contains($0) }
    }

    static func dashesMistyped(_ line: Substring) -> Wording {
        let marks = line.trimmingSpaces
        return Wording("'\(marks)' is not the line of three dashes that opens and closes the front matter",
                       zh: "“\(marks)”不是字段区开头和结尾用的那一行（三个英文减号 ---）")
    }

    static let dashesHint = Wording("write exactly three ASCII dashes, with the input method on English punctuation: ---",
                                    zh: "请把输入法切换到英文标点，正好写三个英文减号：---")

    static let noFrontMatter = Wording("the file has no front matter",
        zh: "文件开头没有字段区（两行 --- 之间写标题等字段的地方）")
    static let noFrontMatterHint = Wording("start the file with a line '---', the fields (title: …), then another '---'",
        zh: "请在文件第一行写 ---，接着写各个字段（例如 title: …），再写一行 ---")
}

/// Typed access to front matter fields; every wrong value becomes a diagnostic at its line.
struct FrontMatterFields {
    let path: String
    /// Added to a YAML line number to get the file's line number.
    let lineOffset: Int
    /// Each field's value, and where its name and value start in YAML lines and columns: one
    /// dictionary, where three hashed every name three times (0.8 % of a 10,000-page build).
    private var fields: [String: Field] = [:]
    private struct Field {
        var value: Node
        var keyMark: (line: Int, column: Int)?
        var valueMark: (line: Int, column: Int)?
    }
    private var order: [String] = []
    var diagnostics: [Diagnostic] = []
    /// For what a field's line says when its value came out empty.
    private let yaml: String

    /// Nil when the YAML itself cannot be read; the reason is in `diagnostics`.
    /// `warnsOfDroppedComments`: a Markdown file's front matter, whose summary and title take
    /// text copied from WeChat; site.yml and grid.yml say it of their fields themselves
    /// (color: #8b0000).
    init?(yaml: String, path: String, firstLine: Int, warnsOfDroppedComments: Bool = true, diagnostics: inout [Diagnostic]) {
        self.path = path
        self.yaml = yaml
        self.lineOffset = firstLine - 1
        if warnsOfDroppedComments { self.diagnostics = DroppedComment.warnings(in: yaml, path: path, lineOffset: firstLine - 1) }
        if let fields = FlatFrontMatter.parse(yaml) {
            self.fields.reserveCapacity(fields.count)
            for field in fields {
                self.fields[field.name] = Field(value: field.value, keyMark: (field.line, 1), valueMark: (field.line, field.valueColumn))
                order.append(field.name)
            }
            return
        }
        if let refused = Self.refuseAnchors(yaml, path: path, lineOffset: firstLine - 1) {
            diagnostics.append(refused)
            return nil
        }
        let root: Node?
        do {
            // Explicit UTF-8: Yams's default reads the environment on every call.
            root = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch let error as YamlError {
            diagnostics.append(Self.slip(in: yaml, path: path, lineOffset: firstLine - 1)
                ?? Self.diagnostic(for: error, yaml: yaml, path: path, lineOffset: firstLine - 1))
            return nil
        } catch {
            diagnostics.append(Self.slip(in: yaml, path: path, lineOffset: firstLine - 1)
                ?? .error(path, firstLine, 1, Self.notReadable(path, problem: "\(error)")))
            return nil
        }
        guard let root else { return } // empty front matter: required fields will be reported
        guard let mapping = root.mapping else {
            diagnostics.append(Self.slip(in: yaml, path: path, lineOffset: firstLine - 1)
                ?? .error(path, firstLine, 1,
                          Wording("\(Self.subject(path).english) must be a list of 'name: value' fields",
                                  zh: "\(Self.subject(path).chinese)里应该一行写一个字段，像 name: value 这样"),
                          hint: SourceText.Kind(path).fieldsHint))
            return nil
        }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            fields[name] = Field(value: value, keyMark: key.mark.map { ($0.line, $0.column) },
                                 valueMark: value.mark.map { ($0.line, $0.column) })
            order.append(name)
        }
    }

    /// A whole YAML file of fields (`site.yml`, `grid.yml`): decoded as UTF-8 and read; nil
    /// with the reasons when it cannot be.
    static func file(bytes: [UInt8], path: String) -> (FrontMatterFields?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        switch SourceText.decode(bytes, path: path) {
        case .failure(let d): return (nil, [d])
        case .success(let text):
            let fields = FrontMatterFields(yaml: text, path: path, firstLine: 1, warnsOfDroppedComments: false, diagnostics: &diagnostics)
            return (fields, diagnostics)
        }
    }

    /// An unknown field's warning at `location`, naming the nearest known field when it is
    /// a likely misspelling; `what` says where it stands: in English with its article ("a
    /// building", "a material"), in Chinese the bare noun (楼栋, 材料).
    /// One slip from a known field (a letter wrong, missing or extra, two swapped; spaces an
    /// input method typed around it) is an error: `expries:` would leave a notice up forever,
    /// `　level:` an urgent one without its banner. Anything else is a warning.
    static func unknownField(_ name: String, known: Set<String>, in what: Wording? = nil, at location: SourceLocation) -> Diagnostic {
        let bare = String(String.UnicodeScalarView(name.unicodeScalars
            .drop { FrontMatterSlip.lookalikeSpaceValues.contains($0.value) || $0 == " " || $0 == "\t" }.reversed()
            .drop { FrontMatterSlip.lookalikeSpaceValues.contains($0.value) || $0 == " " || $0 == "\t" }.reversed()))
        if bare != name, known.contains(bare) {
            return location.error(Wording("the field name '\(bare)' has an invisible or full-width space (全角空格) beside it",
                                          zh: "字段名“\(bare)”前后有看不见的空格或全角空格"),
                                  hint: Wording("delete the spaces before and after \(bare) and type the line again: \(bare): …",
                                                zh: "请删掉 \(bare) 前后的空格，把这一行重新输入：\(bare): …"))
        }
        // " in a building" / 楼栋里的“x”: where the field stands, each language its own way.
        let place = what.map { " in \($0.english)" } ?? ""
        let placeZh = what.map { $0.chinese.isEmpty ? "" : "\($0.chinese)里的" } ?? ""
        // {name：张某某, …}: a full-width colon made the name and its value one word.
        if let colon = bare.firstIndex(of: "："), known.contains(String(bare[..<colon])) {
            let field = bare[..<colon], value = bare[bare.index(after: colon)...]
            return location.error(Wording("'\(field)' is followed by a full-width colon '：'",
                                          zh: "“\(field)”后面是全角冒号“：”"),
                                  hint: Wording("write an ASCII colon and a space, with the input method on English punctuation: \(field): \(value)",
                                                zh: "请把输入法切换到英文标点，写英文冒号再加一个空格：\(field): \(value)"))
        }
        // A field named in Chinese (户数: 40): its English name when it has one here, and no
        // 'did you mean' by spelling, which means nothing across scripts.
        if name.unicodeScalars.contains(where: ChineseText.isHan) {
            if let english = FieldGloss.englishForChinese[bare], known.contains(english) {
                return location.error(Wording("field names are written in English: '\(bare)' is '\(english)'",
                                              zh: "字段名要用英文写：“\(bare)”要写成“\(english)”"),
                                      hint: Wording("write \(english): …", zh: "请写成：\(english): …"))
            }
            return location.warning(Wording("unknown field '\(name)'\(place) is ignored",
                                            zh: "\(placeZh)“\(name)”是不认识的字段，会被忽略"),
                hint: Wording("field names are written in English: " + known.sorted().joined(separator: ", "),
                              zh: "字段名要用英文写，可以写的有：" + FieldGloss.list(known)))
        }
        // Nearest first (a swap of neighbours one slip), then in alphabetical order: a Set's
        // order changes from run to run.
        let suggestion = known.min {
            (slipDistance($0, name), editDistance($0, name), $0) < (slipDistance($1, name), editDistance($1, name), $1)
        }
        if let suggestion, slipDistance(suggestion, name) <= 1 {
            return location.error(Wording("unknown field '\(name)'\(place)",
                                          zh: "\(placeZh)“\(name)”是不认识的字段"),
                                  hint: Wording("did you mean '\(suggestion)'? As written, it would be ignored",
                                                zh: "是不是想写“\(suggestion)”？照现在这样写，这个字段会被忽略"))
        }
        return location.warning(Wording("unknown field '\(name)'\(place) is ignored",
                                        zh: "\(placeZh)“\(name)”是不认识的字段，会被忽略"),
            hint: suggestion.flatMap { editDistance($0, name) <= 2 ? Wording("did you mean '\($0)'?", zh: "是不是想写“\($0)”？") : nil }
                ?? what.map { what in
                    Wording("\(what.english) has " + known.sorted().joined(separator: ", "),
                            zh: (what.chinese.isEmpty ? "这里" : what.chinese) + "可以写的字段有：" + FieldGloss.list(known))
                })
    }

    /// `text` without the zero-width characters a copy from a web page or WeChat leaves at
    /// its ends (level: urgent​ was 'unknown level'); they are no white space to Swift.
    static func trimmingInvisibles(_ text: String) -> String {
        let invisible = FrontMatterSlip.lookalikeSpaceValues
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              invisible.contains(first.value) || invisible.contains(last.value) else { return text }
        let scalars = text.unicodeScalars.drop { invisible.contains($0.value) }.reversed().drop { invisible.contains($0.value) }.reversed()
        return String(String.UnicodeScalarView(scalars)).trimmingSpaces
    }

    /// Anchors and aliases are refused before anything composes the YAML: nested aliases
    /// expand exponentially, and no field an editor writes needs them.
    static func refuseAnchors(_ yaml: String, path: String, lineOffset: Int) -> Diagnostic? {
        guard let found = YAMLAnchorScan.first(in: yaml) else { return nil }
        return .error(path, found.line + lineOffset, found.column,
                      Wording("YAML \(found.isAlias ? "aliases (*name)" : "anchors (&name)") are not allowed here",
                              zh: found.isAlias ? "以 * 开头的写法（如 *name）会被当作引用别处的内容，这里不能这样写"
                                  : "以 & 开头的写法（如 &name）会被当作给内容起名字，这里不能这样写"),
                      hint: Wording("write each value out in full; a value starting with & or * must be quoted: \"*重要\"",
                                    zh: "请把每项内容完整写出来；内容要以 & 或 * 开头时，请加上英文引号，例如 \"*重要\""))
    }

    /// A slip of typing that explains why the YAML could not be read, at its own line.
    static func slip(in yaml: String, path: String, lineOffset: Int) -> Diagnostic? {
        FrontMatterSlip.first(in: yaml).map { .error(path, $0.line + lineOffset, $0.column, $0.message, hint: $0.hint) }
    }

    /// What a YAML message is about: a Markdown file's front matter, or a whole .yml file.
    static func subject(_ path: String) -> Wording {
        SourceText.Kind(path) == .markdown ? Wording("the front matter", zh: "文件开头的字段区（两行 --- 之间）")
            : Wording("the file", zh: "这个文件")
    }

    /// "… is not valid YAML: problem", `problem` being the YAML reader's own (English) account.
    static func notReadable(_ path: String, problem: String) -> Wording {
        Wording("\(subject(path).english) is not valid YAML: \(problem)",
                zh: "\(subject(path).chinese)里有写法不对的地方，读不出各个字段（\(problem)）")
    }

    static func diagnostic(for error: YamlError, yaml: String, path: String, lineOffset: Int) -> Diagnostic {
        let hint = Wording("check the indentation and quote values that contain ': ' or start with [ { * & ! | > ' \" % @",
                           zh: "请检查每行开头的空格（缩进）是否对齐；内容里有“: ”，或以 [ { * & ! | > ' \" % @ 开头的，请给内容加上英文引号")
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .error(path, mark.line + lineOffset, mark.column, notReadable(path, problem: problem), hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Named where it is set again, the line an editor added or pasted.
            if let key = duplicates.first, let (first, again) = Self.lines(settingTwice: key, in: yaml, mappingAt: context.mark) {
                return .error(path, again.line + lineOffset, again.column,
                              Wording("'\(key)' is set again here (first on line \(first + lineOffset))",
                                      zh: "“\(key)”在这里又写了一遍（第 \(first + lineOffset) 行已经有了）"),
                              hint: Wording("keep one of the two lines and delete the other",
                                            zh: "同一个字段请只保留一行，删掉多余的那一行"))
            }
            return .error(path, context.mark.line + lineOffset, context.mark.column,
                          Wording("\(subject(path).english) sets \(duplicates.joined(separator: ", ")) twice",
                                  zh: "\(subject(path).chinese)里“\(duplicates.joined(separator: "”、“"))”写了两遍"),
                          hint: Wording("keep one of them", zh: "同一个字段请只保留一行，删掉多余的"))
        default:
            return .error(path, lineOffset + 1, 1, notReadable(path, problem: "\(error)"), hint: hint)
        }
    }

    /// The lines (from 1, within the YAML) where `key` is first set in the block mapping that
    /// starts at `mark`, and where it is set again; nil for a mapping in braces or a key not
    /// found written at the mapping's column.
    static func lines(settingTwice key: String, in yaml: String, mappingAt mark: Yams.Mark) -> (first: Int, again: (line: Int, column: Int))? {
        let indent = mark.column - 1
        var first: Int?
        for (index, row) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where index + 1 >= mark.line {
            let chars = Array(row)
            let spaces = chars.prefix { $0 == " " }.count
            if spaces == chars.count || chars[spaces] == "#" { continue }
            // The mapping ends where a line is less indented, or where the next list item starts.
            if index + 1 > mark.line, spaces < indent || (spaces == indent - 2 && chars[spaces] == "-") { break }
            guard chars.count > indent, spaces == indent || index + 1 == mark.line else { continue }
            let rest = String(chars[indent...])
            guard rest.hasPrefix(key), rest.dropFirst(key.count).drop(while: { $0 == " " }).first == ":" else { continue }
            if let first { return (first, (index + 1, indent + 1)) }
            first = index + 1
        }
        return nil
    }

    /// Where a field's value is, or the front matter's first line when it is missing.
    func location(_ key: String) -> SourceLocation {
        let field = fields[key]
        guard let mark = field?.valueMark ?? field?.keyMark else { return SourceLocation(path: path, line: lineOffset + 1, column: 1) }
        return SourceLocation(path: path, line: mark.line + lineOffset, column: mark.column)
    }

    /// Where a field's name is.
    func keyLocation(_ key: String) -> SourceLocation {
        guard let mark = fields[key]?.keyMark else { return location(key) }
        return SourceLocation(path: path, line: mark.line + lineOffset, column: mark.column)
    }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(path: path, line: lineOffset + 1) }
        return SourceLocation(path: path, line: mark.line + lineOffset, column: mark.column)
    }

    private mutating func value(_ key: String) -> Node? {
        guard let node = fields[key]?.value else { return nil }
        // Yams spells null "", "~", "null", "Null" or "NULL": a longer scalar is not null,
        // without comparing it with all five (and making an NSNull) at every field read.
        if case .scalar(let s) = node, s.string.utf8.count > 4 { return node }
        guard node.null == nil else { return nil }
        if case .scalar(let s) = node, s.string.isEmpty, s.style == .plain { return nil }
        return node
    }

    func has(_ key: String) -> Bool { fields[key] != nil }

    /// A field's value of any shape, for fields that take either a line or a group.
    mutating func node(_ key: String) -> Node? { value(key) }

    mutating func missing(_ key: String, _ example: String) {
        // Written but empty: most often a value YAML took for a comment (title: #停水通知).
        if let line = fields[key]?.keyMark?.line {
            let row = yaml.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(line - 1).first ?? ""
            let written = String(row.drop { $0 != ":" }.dropFirst()).trimmingSpaces
            if written.hasPrefix("#") {
                let quoted = "\(key): \"\(written.replacingOccurrences(of: "\"", with: "\\\""))\""
                let keyLine = location(key).line // DroppedComment warned of this line: said here as an error
                diagnostics.removeAll { $0.severity == .warning && $0.line == keyLine }
                diagnostics.append(location(key).error(
                    Wording("'\(key)' is empty: YAML reads a value starting with # as a comment",
                            zh: "\(FieldGloss.quoted(key))是空的：以 # 开头的内容会被当作注释，不算填写的内容"),
                    hint: Wording("write the value in quotes: \(quoted)", zh: "请给内容加上英文引号：\(quoted)")))
            } else {
                diagnostics.append(location(key).error(
                    Wording("'\(key)' is empty", zh: "\(FieldGloss.quoted(key))没有填写内容"),
                    hint: Wording("write the value after the colon: '\(key): \(example)'",
                                  zh: "请在冒号后面空一格，再填上内容，例如：\(key): \(example)")))
            }
            return
        }
        let markdown = SourceText.Kind(path) == .markdown
        let whereTo = markdown ? "文件开头的字段区（两行 --- 之间）" : "这个文件里"
        diagnostics.append(location(key).error(
            Wording("the required field '\(key)' is missing", zh: "缺少必填字段\(FieldGloss.quoted(key))"),
            hint: Wording("add a line such as '\(key): \(example)' \(markdown ? "to the front matter" : "to this file")",
                          zh: "请在\(whereTo)加一行，例如：\(key): \(example)")))
    }

    mutating func string(_ key: String, required example: String? = nil) -> String? {
        guard let node = value(key) else {
            if let example { missing(key, example) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            diagnostics.append(location(key).error(
                Wording("'\(key)' must be a single line of text, not a list or fields",
                        zh: "\(FieldGloss.quoted(key))的内容只能是一行文字，不能写成列表或一组字段"),
                hint: Wording("for several lines, write '\(key): |' and the lines under it, each indented by two spaces",
                              zh: "要写好几行，就写“\(key): |”，下面每行前空两格再写内容")))
            return nil
        }
        let text = Self.trimmingInvisibles(scalar.string.trimmingSpaces)
        if text.isEmpty, let example { missing(key, example); return nil }
        return text
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let node = value(key) else { return nil }
        if let b = node.bool, case .scalar = node { return b }
        // "true" in quotes is what the editor meant: quotes are often added to be safe.
        if case .scalar(let s) = node, let b = ["true": true, "false": false][s.string.trimmingSpaces] { return b }
        let written = node.string ?? "…"
        diagnostics.append(location(key).error(
            Wording("'\(key)' must be true or false, not '\(written)'",
                    zh: "\(FieldGloss.quoted(key))只能填 true 或 false，现在写的是“\(written)”"),
            hint: Wording("write \(key): true (是) or \(key): false (否)",
                          zh: "请写 \(key): true（是）或 \(key): false（否）")))
        return nil
    }

    mutating func int(_ key: String, range: ClosedRange<Int>? = nil) -> Int? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let scalar) = node, let n = node.int ?? Int(scalar.string.trimmingSpaces) else {
            let meant = node.string.flatMap(NumberSpelling.suggestion(for:))
            let written = node.string ?? "…"
            diagnostics.append(location(key).error(
                Wording("'\(key)' must be a whole number, not '\(written)'",
                        zh: "\(FieldGloss.quoted(key))要填一个整数，现在写的是“\(written)”"),
                hint: Wording("write it in digits: \(key): \(meant.map(String.init) ?? "10")",
                              zh: meant.map { "请用半角阿拉伯数字写：\(key): \($0)" } ?? "请用半角阿拉伯数字写，例如：\(key): 10")))
            return nil
        }
        if let range, !range.contains(n) {
            diagnostics.append(location(key).error(
                Wording("'\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(n)",
                        zh: "\(FieldGloss.quoted(key))要在 \(range.lowerBound) 到 \(range.upperBound) 之间，现在写的是 \(n)"),
                hint: key == "progress" ? Wording("the share done, in percent without the %: progress: 80", zh: "写完成了百分之几，不带 %：progress: 80") : nil))
            return nil
        }
        return n
    }

    mutating func number(_ key: String) -> Double? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let scalar) = node, let n = node.float ?? node.int.map(Double.init) ?? Double(scalar.string.trimmingSpaces),
              n.isFinite else {
            let written = node.string ?? "…"
            diagnostics.append(location(key).error(
                Wording("'\(key)' must be a number, not '\(written)'",
                        zh: "\(FieldGloss.quoted(key))要填一个数字，现在写的是“\(written)”"),
                hint: Wording("write digits only, e.g. 3200 (in 万元)",
                              zh: "只写数字，单位是万元，例如 3200")))
            return nil
        }
        return n
    }

    mutating func date(_ key: String, required: Bool = false) -> ChinaTime? {
        guard let node = value(key) else {
            if required { missing(key, "2024-06-01 09:00") }
            return nil
        }
        return date(node, name: key, at: location(key))
    }

    /// A date inside a group of fields (`publicity: {start: …}`), located by its node's mark.
    mutating func date(_ node: Node, name: String) -> ChinaTime? {
        date(node, name: name, at: location(of: node))
    }

    private mutating func date(_ node: Node, name: String, at location: SourceLocation) -> ChinaTime? {
        guard case .scalar(let s) = node, let time = ChinaTime.parse(s.string) else {
            let written = node.string ?? "…"
            let meant = node.string.flatMap(DateSpelling.suggestion(for:))
            var hint = meant.map { Wording("write it as \($0) (digits and colon in half-width, YYYY-MM-DD HH:MM)",
                                           zh: "请写成 \($0)（数字和冒号用半角，格式是 YYYY-MM-DD HH:MM）") }
                ?? Wording("write YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2024-06-01 or 2024-06-01 14:00 (China time; "
                               + "another zone's time with its offset: 2024-06-01 14:00+08:00)",
                           zh: "请按 年-月-日（YYYY-MM-DD）或 年-月-日 时:分（YYYY-MM-DD HH:MM）写，例如 2024-06-01 或 2024-06-01 14:00"
                               + "（北京时间；别的时区写上时差，例如 2024-06-01 14:00+08:00）")
            if let days = Self.daysInMonth(of: written) {
                hint = Wording("that month has \(days) days; check the day", zh: "这个月只有 \(days) 天，请核对是几号")
            } else if ["长期", "永久", "不限", "无"].contains(where: written.contains) {
                hint = name == "expires" ? Wording("leave 'expires' out: a notice without it stays up until it is removed",
                                                   zh: "请删掉\(FieldGloss.quoted("expires"))这一行：不写过期时间的通知会一直显示，直到把它撤下")
                    : name == "deadline" ? Wording("a job needs its last day; for one open all year, write the year's end: deadline: 2026-12-31",
                                                   zh: "招聘信息要写明报名的最后一天；常年招聘的，请写当年的最后一天：deadline: 2026-12-31")
                    : hint
            }
            diagnostics.append(location.error(Wording("'\(name)' is not a valid date: '\(written)'",
                                                      zh: "\(FieldGloss.quoted(name))填的日期“\(written)”写法不对"),
                                              hint: Self.unseenCharacter(in: written) ?? hint))
            return nil
        }
        return time
    }

    /// What a value copied from WeChat or a web page holds that its message cannot show: an
    /// invisible or full-width space, or Chinese quotes around it. Echoed, the value looked
    /// right ('2026-11-27 16:30' with a no-break space): the character is named, and where.
    static func unseenCharacter(in written: String) -> Wording? {
        let scalars = Array(written.unicodeScalars)
        if let i = scalars.firstIndex(where: { FrontMatterSlip.lookalikeSpaceValues.contains($0.value) }) {
            let code = "U+" + String(scalars[i].value, radix: 16, uppercase: true).leftPadded(4)
            let kind = scalars[i].value == 0x3000 ? Wording("a full-width space", zh: "一个全角空格")
                : Wording("an invisible space (\(code))", zh: "一个看不见的空白字符（\(code)）")
            let before = String(String.UnicodeScalarView(scalars[..<i]))
            let place = before.isEmpty ? Wording("at its start", zh: "在最前面") : Wording("after '\(before)'", zh: "在“\(before)”后面")
            return Wording("it holds \(kind.english) \(place.english), as text copied from WeChat or a web page does: delete it and type the value again",
                           zh: "这里\(place.chinese)有\(kind.chinese)，从微信或网页复制的文字常带这种字符：请删掉它，重新输入")
        }
        if let first = scalars.first, let last = scalars.last, "“‘「".unicodeScalars.contains(first) || "”’」".unicodeScalars.contains(last) {
            return Wording("remove the Chinese quotes around it (“ ”), or write ASCII quotes \"…\" with the input method on English punctuation",
                           zh: "请删掉前后的中文引号“ ”；要加引号的话，请把输入法切换到英文标点，写英文引号 \"…\"")
        }
        return nil
    }

    /// For YYYY-MM-DD… whose day is past its month's last (2026-11-31), that month's days.
    static func daysInMonth(of text: String) -> Int? {
        let parts = text.prefix(10).split(separator: "-")
        guard text.utf8.count >= 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day > days ? days : nil
    }

    mutating func phone(_ key: String) -> PhoneNumber? {
        guard let node = value(key) else { return nil }
        return phone(node, name: key, at: location(key))
    }

    /// A phone number inside a group of fields (`contact: {phone: …}`), located by its node.
    mutating func phone(_ node: Node, name: String) -> PhoneNumber? {
        phone(node, name: name, at: location(of: node))
    }

    private mutating func phone(_ node: Node, name: String, at location: SourceLocation) -> PhoneNumber? {
        guard case .scalar(let s) = node, let phone = PhoneNumber(s.string) else {
            // `anju new`'s placeholder is reported as one, not as a wrong number too.
            if node.string?.contains(Placeholder.mark) == true { return nil }
            let written = node.string ?? "…"
            diagnostics.append(location.error(Wording("'\(name)' is not a phone number: '\(written)'",
                                                      zh: "\(FieldGloss.quoted(name))填的“\(written)”不是电话号码"),
                                              hint: Self.unseenCharacter(in: written) ?? PhoneNumber.hint))
            return nil
        }
        return phone
    }

    mutating func stringList(_ key: String) -> [String] {
        guard let node = value(key) else { return [] }
        switch node {
        case .scalar(let s):
            let text = s.string.trimmingSpaces
            if Self.readsAsOneOfMany(text) {
                diagnostics.append(location(key).error(
                    Wording("'\(key)' was read as one item: '\(String(text.prefix(30)))…'",
                            zh: "\(FieldGloss.quoted(key))被当成了一项：“\(String(text.prefix(30)))…”"),
                    hint: Wording("write each item on a line of its own, starting with a dash and a space: - …",
                                  zh: "请每一项单独写一行，行首写英文减号再加一个空格：- …")))
            }
            return [text].filter { !$0.isEmpty }
        case .sequence(let seq):
            return seq.compactMap { item in
                guard case .scalar(let s) = item else {
                    diagnostics.append(location(of: item).error(
                        Wording("each item of '\(key)' must be plain text",
                                zh: "\(FieldGloss.quoted(key))的每一项只能写一段文字，不能再写成列表或一组字段"),
                        hint: Wording("one item per line: - 身份证原件", zh: "每项写一行，例如：- 身份证原件")))
                    return nil
                }
                let text = s.string.trimmingSpaces
                // - 第一步 / -第二步: the second line, its dash without a space, read into the first.
                if let joined = Self.dashRunInto(text) {
                    diagnostics.append(location(of: item).error(
                        Wording("an item of '\(key)' runs into the next line: '\(joined)…' has no space after its dash",
                                zh: "\(FieldGloss.quoted(key))的一项和下一行连在了一起：“\(joined)…”的减号后面没有空格"),
                        hint: Wording("write a space after the dash: - …", zh: "请在行首的减号后面加一个空格：- …")))
                }
                return text
            }.filter { !$0.isEmpty }
        default:
            diagnostics.append(location(key).error(
                Wording("'\(key)' must be a list such as [停水, 通知]", zh: "\(FieldGloss.quoted(key))要写成列表，例如 [停水, 通知]")))
            return []
        }
    }

    /// The next line a list item ran into, its first 20 characters from its dash: white space,
    /// then a dash right against a word (not a number: -5℃, nor another dash). Every item of
    /// every list passes here: one pass over its characters, no regular expression.
    static func dashRunInto(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        for i in scalars.indices.dropFirst().dropLast() where scalars[i] == "-" && scalars[i - 1].properties.isWhitespace {
            let next = scalars[i + 1]
            if next.properties.isWhitespace || next == "-" || ("0"..."9").contains(next) { continue }
            return String(String.UnicodeScalarView(scalars[i...].prefix(20)))
        }
        return nil
    }

    /// A list's items run into one text: `-老人…` without the space after its dash, whose
    /// next lines were then read as the same text (`… - 工作人员…`), or steps numbered in the
    /// text (1. 带材料 2. 审核) instead of listed.
    static func readsAsOneOfMany(_ text: String) -> Bool {
        if text.hasPrefix("-"), let next = text.unicodeScalars.dropFirst().first, !next.properties.isWhitespace, next != "-" { return true }
        if text.contains(" - ") && text.hasPrefix("-") { return true }
        // 1. and 2. (or 1、2、), each a number with its mark and no digit after: 8.30 is a time.
        let numbers = text.split(separator: " ").compactMap { word -> Int? in
            let digits = word.prefix { $0.isASCII && $0.isNumber }
            let rest = word.dropFirst(digits.count)
            guard !digits.isEmpty, digits.count <= 2, let mark = rest.first, [".", "、", "．"].contains(mark),
                  !(rest.dropFirst().first?.isNumber ?? false) else { return nil }
            return Int(digits)
        }
        return numbers.contains(1) && numbers.contains(2)
    }

    /// How each field written as a group of fields looks, for the hint when it is not one.
    static let groupExamples = [
        "contact": "contact: {name: 张某某, phone: 13800000001}",
        "event": "event: {start: 2026-12-05 09:00, end: 2026-12-05 11:00, place: 社区会议室}",
        "publicity": "publicity: {start: 2026-11-25, end: 2026-12-01}",
        "image": "image: {file: files/yizhen.jpg, alt: 义诊现场}",
    ]

    mutating func mapping(_ key: String) -> [String: Node]? {
        guard let node = value(key) else { return nil }
        guard let m = node.mapping else {
            diagnostics.append(location(key).error(
                Wording("'\(key)' must be a group of fields", zh: "\(FieldGloss.quoted(key))要写成一组字段（{…} 或缩进的几行）"),
                hint: Self.groupExamples[key].map { example in
                    node.sequence != nil && key == "event"
                        ? Wording("one event per notice: \(example); another event goes in a notice of its own",
                                  zh: "一条通知只写一个活动：\(example)；另一个活动请另发一条通知")
                        : Wording("write: \(example)", zh: "请这样写：\(example)")
                }))
            return nil
        }
        var result: [String: Node] = [:]
        for (k, v) in m { if let name = k.string { result[name] = v } }
        return result
    }

    mutating func sequence(_ key: String) -> [Node]? {
        guard let node = value(key) else { return nil }
        guard case .sequence(let seq) = node else {
            diagnostics.append(location(key).error(
                Wording("'\(key)' must be a list (lines starting with '- ')",
                        zh: "\(FieldGloss.quoted(key))要写成列表：每项一行，以 - 和一个空格开头")))
            return nil
        }
        return Array(seq)
    }

    /// A misspelt field (`expries:`) is silently ignored by most generators; say so instead.
    mutating func warnUnknownFields(known: Set<String>) {
        let unknown = order.filter { !known.contains($0) }
        // Twenty are reported one by one with a suggestion; the rest in one line.
        for key in unknown.prefix(Self.unknownFieldsReported) {
            diagnostics.append(Self.unknownField(key, known: known, at: keyLocation(key)))
        }
        if unknown.count > Self.unknownFieldsReported {
            let next = unknown[Self.unknownFieldsReported]
            let more = unknown.count - Self.unknownFieldsReported
            diagnostics.append(keyLocation(next).warning(
                Wording("\(more) more unknown fields from here on are ignored",
                        zh: "从这里往下还有 \(more) 个不认识的字段，都会被忽略"),
                hint: Wording("check that the front matter is closed with a line '---'",
                              zh: "请检查文件开头的字段区（两行 --- 之间）最后有没有写结尾的 ---")))
        }
    }

    static let unknownFieldsReported = 20
}

/// Edits between `a` and `b` counting two neighbours swapped as one (expries → expires).
func slipDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard a.count == b.count else { return editDistance(String(a), String(b)) }
    let differing = a.indices.filter { a[$0] != b[$0] }
    if differing.count == 2, differing[1] == differing[0] + 1,
       a[differing[0]] == b[differing[1]], a[differing[1]] == b[differing[0]] {
        return 1
    }
    return differing.count
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
