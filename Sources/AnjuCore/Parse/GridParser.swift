import Yams

/// Reads `grid.yml` into a `GridDirectory`, reporting every problem at its line: a building
/// listed twice, a grid without a manager, a phone number that cannot be dialled, a
/// misspelt field.
enum GridParser {
    /// The id an editor meant by `text` (B区7 → B7, 3栋 → 3, 十二幢 → 12), or nil when nothing
    /// of an id is left.
    static func idWritten(_ text: String) -> String? {
        let latin = String(text.unicodeScalars.filter { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" })
        let numerals = String(text.unicodeScalars.filter { "零〇一二两三四五六七八九十百".unicodeScalars.contains($0) })
        var id = latin
        if !latin.unicodeScalars.contains(where: { ("0"..."9").contains($0) }), let n = NumberSpelling.suggestion(for: numerals) {
            id += String(n)
        }
        return id.isEmpty || id == text ? nil : id
    }

    static let gridFields: Set<String> = ["id", "name", "manager", "groups", "buildings"]
    static let buildingFields: Set<String> = ["id", "units", "households", "manager", "cadre"]
    static let contactFields: Set<String> = ["name", "phone"]

    static func parse(path: String, bytes: [UInt8]) -> (GridDirectory?, [Diagnostic]) {
        var (opened, diagnostics) = FrontMatterFields.file(bytes: bytes, path: path)
        guard var fields = opened else { return (nil, diagnostics) }
        var reader = Reader(fields: fields)
        let before = fields.diagnostics.count
        let items = fields.sequence("grids")
        if items == nil && fields.diagnostics.count == before {
            fields.diagnostics.append(.error(path, 1, 1,
                Wording("grid.yml has no list of grids", zh: "grid.yml 里没有网格列表"),
                hint: Wording("start with 'grids:' and one '- id: 1' block per grid",
                              zh: "请在第一行写 grids:，下面每个网格写一段，每段以 - id: 1 这样的一行开头")))
        }
        fields.warnUnknownFields(known: ["grids"])
        reader.diagnostics = fields.diagnostics
        var grids: [Grid] = []
        for item in items ?? [] {
            if let grid = reader.grid(item) { grids.append(grid) }
        }
        diagnostics += reader.diagnostics
        return (diagnostics.hasErrors ? nil : GridDirectory(grids: grids, path: path), diagnostics)
    }

    private struct Reader {
        let fields: FrontMatterFields
        var diagnostics: [Diagnostic] = []
        /// Where each building id was first listed.
        var buildingLines: [String: Int] = [:]
        var gridLines: [String: Int] = [:]

        init(fields: FrontMatterFields) { self.fields = fields }

        func location(_ node: Node) -> SourceLocation { fields.location(of: node) }

        /// A mapping's fields by name; unknown names are warned about with the nearest known one.
        mutating func map(_ node: Node, known: Set<String>, what: Wording, example: String) -> [String: Node]? {
            guard let pairs = node.mapping else {
                // id:1 is one word to YAML, not a field: the slip is named rather than the shape.
                if case .scalar(let s) = node, let slip = FrontMatterSlip.first(in: s.string) {
                    diagnostics.append(location(node).error(slip.message, hint: slip.hint))
                } else {
                    diagnostics.append(location(node).error(
                        Wording("each \(what.english) is a group of fields",
                                zh: "每个\(what.chinese)都要写成一组字段（{…} 或缩进的几行）"),
                        hint: Wording(example, zh: "请照这样写：\(example)")))
                }
                return nil
            }
            var result: [String: Node] = [:]
            for (key, value) in pairs {
                guard let name = key.string else { continue }
                result[name] = value
                if !known.contains(name) {
                    diagnostics.append(FrontMatterFields.unknownField(name, known: known, in: Wording("a \(what.english)", zh: what.chinese), at: location(key)))
                }
            }
            return result
        }

        /// A grid's or building's id: letters, digits and `-`, since it names an anchor.
        mutating func id(_ map: [String: Node], of parent: Node, what: Wording) -> String? {
            guard let node = map["id"], let text = node.string?.trimmingSpaces, !text.isEmpty else {
                diagnostics.append(location(parent).error(
                    Wording("this \(what.english) has no id", zh: "这个\(what.chinese)没有填写\(FieldGloss.quoted("id"))"),
                    hint: Wording("add 'id: 3' (the number residents use)",
                                  zh: "请加上 id: 3，写居民平时说的几号")))
                return nil
            }
            guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D }) else {
                diagnostics.append(location(node).error(
                    Wording("the \(what.english) id '\(text)' may use only letters, digits and '-'",
                            zh: "\(what.chinese)的编号“\(text)”只能用英文字母、数字和“-”"),
                    hint: GridParser.idWritten(text).map { Wording("write it as residents' id alone: id: \($0)", zh: "请只写编号：id: \($0)") }
                        ?? Wording("write the number alone: 'id: 3' for 3幢/3栋/3号楼",
                                   zh: "只写数字：3幢、3栋、3号楼都写成 id: 3")))
                return nil
            }
            return text
        }

        mutating func positive(_ map: [String: Node], _ key: String) -> Int? {
            guard let node = map[key], node.null == nil else { return nil }
            guard case .scalar = node, let n = node.int, n > 0 else {
                diagnostics.append(location(node).error(
                    Wording("'\(key)' must be a positive whole number, not '\(node.string ?? "…")'",
                            zh: "\(FieldGloss.quoted(key))要写大于 0 的整数，现在写的是“\(node.string ?? "…")”")))
                return nil
            }
            return n
        }

        mutating func contact(_ node: Node?, role: Wording) -> Contact? {
            guard let node, node.null == nil else { return nil }
            guard let map = map(node, known: contactFields, what: Wording("\(role.english) contact", zh: "\(role.chinese)的联系方式"), example: "{name: 张某某, phone: 13800000001}") else {
                return nil
            }
            guard let name = map["name"]?.string?.trimmingSpaces, !name.isEmpty else {
                diagnostics.append(location(node).error(
                    Wording("the \(role.english) has no name", zh: "\(role.chinese)没有填写姓名"),
                    hint: Wording("{name: 张某某, phone: 13800000001}", zh: "请照这样写：{name: 张某某, phone: 13800000001}")))
                return nil
            }
            guard let phoneNode = map["phone"], phoneNode.null == nil else {
                diagnostics.append(location(node).error(
                    Wording("the \(role.english) \(name) has no phone number",
                            zh: "\(role.chinese)\(name)没有填写电话"),
                    hint: Wording("residents call from this page: {name: \(name), phone: 13800000001}",
                                  zh: "居民要从这个页面直接打电话，请照这样写上电话：{name: \(name), phone: 13800000001}")))
                return nil
            }
            guard case .scalar(let s) = phoneNode, let phone = PhoneNumber(s.string) else {
                diagnostics.append(location(phoneNode).error(
                    Wording("the phone number of \(name) is not valid: '\(phoneNode.string ?? "…")'",
                            zh: "\(name)的电话“\(phoneNode.string ?? "…")”不是正确的电话号码"),
                    hint: PhoneNumber.hint))
                return nil
            }
            return Contact(name: name, phone: phone)
        }

        mutating func grid(_ node: Node) -> Grid? {
            guard let map = map(node, known: GridParser.gridFields, what: Wording("grid", zh: "网格"),
                                example: "- id: 1\n  name: 第一网格\n  manager: {name: 张某某, phone: 13800000001}") else { return nil }
            guard let id = id(map, of: node, what: Wording("grid", zh: "网格")) else { return nil }
            let line = location(node).line
            if let first = gridLines[id] {
                diagnostics.append(location(map["id"]!).error(
                    Wording("grid \(id) is listed twice (first at line \(first))",
                            zh: "网格 \(id) 写了两次（第一次在第 \(first) 行）"),
                    hint: Wording("give each grid its own id", zh: "请给每个网格写不同的\(FieldGloss.quoted("id"))")))
            } else {
                gridLines[id] = line
            }
            let name = map["name"]?.string?.trimmingSpaces.nilIfEmpty ?? "第\(id)网格"
            let manager: Contact?
            if map["manager"] == nil || map["manager"]?.null != nil {
                diagnostics.append(location(node).error(
                    Wording("\(name) has no grid manager (网格员)", zh: "\(name)没有填写网格员"),
                    hint: Wording("add 'manager: {name: 张某某, phone: 13800000001}'",
                                  zh: "请加上一行 manager: {name: 张某某, phone: 13800000001}")))
                manager = nil
            } else {
                manager = contact(map["manager"], role: Wording("grid manager", zh: "网格员"))
            }
            var groups: [String] = []
            if let node = map["groups"], node.null == nil {
                switch node {
                case .sequence(let items): groups = items.compactMap { $0.string?.trimmingSpaces.nilIfEmpty }
                case .scalar(let s): groups = [s.string.trimmingSpaces].filter { !$0.isEmpty }
                default: diagnostics.append(location(node).error(
                    Wording("'groups' must be a list such as [1, 2]",
                            zh: "\(FieldGloss.quoted("groups"))要写成列表，例如 [1, 2]")))
                }
                // [1，2]: one group named 1，2, and the buildings a window for groups 1 to 4 names lost.
                if let joined = groups.first(where: { $0.contains("，") || $0.contains("、") }) {
                    let parts = joined.split(whereSeparator: { $0 == "，" || $0 == "、" }).map { $0.trimmingSpaces }
                    diagnostics.append(location(node).error(
                        Wording("the groups '\(joined)' are separated by a full-width comma",
                                zh: "居民小组“\(joined)”之间用的是中文逗号或顿号"),
                        hint: Wording("write them with ASCII commas: groups: [\(parts.joined(separator: ", "))]",
                                      zh: "请把输入法切换到英文标点，用英文逗号隔开：groups: [\(parts.joined(separator: ", "))]")))
                }
            }
            var buildings: [Building] = []
            if let list = map["buildings"], list.null == nil {
                guard case .sequence(let items) = list else {
                    diagnostics.append(location(list).error(
                        Wording("'buildings' must be a list (lines starting with '- ')",
                                zh: "\(FieldGloss.quoted("buildings"))要写成列表：每栋楼一行，以 - 和一个空格开头")))
                    return nil
                }
                for item in items {
                    if let building = building(item, grid: name) { buildings.append(building) }
                }
            }
            return Grid(id: id, name: name, manager: manager, groups: groups, buildings: buildings)
        }

        mutating func building(_ node: Node, grid: String) -> Building? {
            guard let map = map(node, known: GridParser.buildingFields, what: Wording("building", zh: "楼栋"),
                                example: "- {id: 3, units: 4, manager: {name: 李某某, phone: 13900000002}}") else { return nil }
            guard let id = id(map, of: node, what: Wording("building", zh: "楼栋")) else { return nil }
            let line = location(node).line
            // 3 and 03 are one building to a resident asking for 3栋.
            let key = SearchEntry.buildingKey(id)
            if let first = buildingLines[key] {
                diagnostics.append(location(map["id"]!).error(
                    Wording("building \(id) is listed twice (first at line \(first))",
                            zh: "楼栋 \(id) 写了两次（第一次在第 \(first) 行）"),
                    hint: Wording("a building belongs to exactly one grid: remove one of them",
                                  zh: "一栋楼只能属于一个网格，请删掉其中一处")))
                return nil
            }
            buildingLines[key] = line
            return Building(id: id, units: positive(map, "units"), households: positive(map, "households"),
                            manager: contact(map["manager"], role: Wording("building manager", zh: "楼栋长")),
                            cadre: contact(map["cadre"], role: Wording("cadre", zh: "包户干部")), line: line)
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
