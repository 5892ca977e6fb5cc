import Yams

/// Reads `synonyms.yml`: groups of words that mean the same to a resident, applied when
/// searching (后扶 finds 后期扶持). Each item is a list, or a line `后扶 = 后期扶持`:
///
/// ```yaml
/// - [后扶, 后期扶持]
/// - 低保 = 最低生活保障
/// ```
enum SynonymsParser {
    static func parse(path: String, bytes: [UInt8]) -> ([[String]], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let text: String
        switch SourceText.decode(bytes, path: path) {
        case .success(let t): text = t
        case .failure(let d): return ([], [d])
        }
        if let refused = FrontMatterFields.refuseAnchors(text, path: path, lineOffset: 0) { return ([], [refused]) }
        let root: Node?
        do { root = try Yams.compose(yaml: text, .default, .default, .utf8) } catch let error as YamlError {
            // A group written without its '- ' (院坝会 = 坝坝会) is named at its own line, not
            // where YAML gave up, the line after.
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingSpaces
                // -[甲, 乙]: the dash without its space.
                if trimmed.hasPrefix("-"), let next = trimmed.dropFirst().first, next != " ", next != "-", line.first != " " {
                    let rest = trimmed.dropFirst().trimmingSpaces
                    return ([], [.error(path, index + 1, 1,
                                        Wording("the '-' of a group needs a space after it",
                                                zh: "每组同义词行首的“-”后面要有一个空格"),
                                        hint: Wording("write: - \(rest)", zh: "请写成：- \(rest)"))])
                }
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix("-"), trimmed != "...", line.first != " " else { continue }
                return ([], [.error(path, index + 1, 1,
                                    Wording("a group is a line starting with '- '",
                                            zh: "每组同义词写一行，行首要有“- ”"),
                                    hint: Wording("write: - \(trimmed)", zh: "请写成：- \(trimmed)"))])
            }
            return ([], [FrontMatterFields.diagnostic(for: error, yaml: text, path: path, lineOffset: 0)])
        } catch {
            return ([], [.error(path, 1, 1, Wording("synonyms.yml is not valid YAML: \(error)",
                                                    zh: "synonyms.yml 里有写法不对的地方，读不出里面的内容（\(error)）"))])
        }
        guard let root else { return ([], []) }
        guard case .sequence(let items) = root else {
            return ([], [.error(path, 1, 1,
                                Wording("synonyms.yml must be a list of groups",
                                        zh: "synonyms.yml 要写成一组一组的同义词列表，每组一行，以“- ”开头"),
                                hint: Wording("one group per line, such as: - [后扶, 后期扶持]",
                                              zh: "一行写一组，例如：- [后扶, 后期扶持]"))])
        }
        var groups: [[String]] = []
        for item in items {
            let line = item.mark?.line ?? 1, column = item.mark?.column ?? 1
            var words: [String] = []
            switch item {
            case .sequence(let list): words = list.compactMap { $0.string?.trimmingSpaces }
            case .scalar(let s): words = s.string.split(whereSeparator: { $0 == "=" || $0 == "＝" }).map { $0.trimmingSpaces }
            default: break
            }
            if let split = DocumentParser.splitAtChineseCommas(words) {
                words = split
                diagnostics.append(.warning(path, line, column,
                    Wording("words separated by a Chinese comma are read as a group of \(words.count): \(words.joined(separator: ", "))",
                            zh: "词语之间用了中文逗号“，”或顿号“、”，已按一组 \(words.count) 个词处理：\(words.map { "“\($0)”" }.joined())"),
                    hint: Wording("separate the words with an ASCII comma: - [\(words.joined(separator: ", "))]",
                                  zh: "请把输入法切换到英文标点，用英文逗号隔开各个词：- [\(words.joined(separator: ", "))]")))
            }
            words = words.filter { !$0.isEmpty }
            if Set(words).count < 2 {
                diagnostics.append(.error(path, line, column,
                    Wording("a synonym group needs at least two different words",
                            zh: "一组同义词至少要有两个不同的词"),
                    hint: Wording("- [后扶, 后期扶持]", zh: "例如：- [后扶, 后期扶持]")))
                continue
            }
            groups.append(words)
        }
        return (groups, diagnostics)
    }

    /// A site's groups (its own and `_shared`'s), then the lexicon's with the site's merged
    /// in. The browser tries a query's first few alternatives, group by group: the site's own
    /// come first, or a word an editor adds to a long lexicon group (招工 → 缺人手) would never
    /// be tried; merged, they also reach the lexicon's words (缺人手 → 招聘).
    static func forSite(_ siteGroups: [[String]], lexicon: [[String]]) -> [[String]] {
        let own = merge(siteGroups)
        return own + merge(lexicon + siteGroups).filter { !own.contains($0) }
    }

    /// Groups that share a word become one group, standing where the first of them stood:
    /// the browser tries only a query's first few alternatives, in this order, so a group
    /// the lexicon puts early keeps its place when a site's file adds a word to it.
    static func merge(_ groups: [[String]]) -> [[String]] {
        // Slots in order of first appearance; a word's slot found by dictionary, so the
        // lexicon's six hundred groups merge in one pass, not by comparing every pair.
        var slots: [[String]?] = []
        var slotOfWord: [String: Int] = [:]
        for group in groups {
            let joined = Set(group.compactMap { slotOfWord[$0] }).sorted()
            var combined: [String] = []
            for slot in joined { combined += slots[slot]!; slots[slot] = nil }
            var seen = Set<String>()
            combined = (combined + group).filter { seen.insert($0).inserted }
            let target: Int
            if let first = joined.first { target = first; slots[first] = combined } else { target = slots.count; slots.append(combined) }
            for word in combined { slotOfWord[word] = target }
        }
        return slots.compactMap { $0 }
    }
}
