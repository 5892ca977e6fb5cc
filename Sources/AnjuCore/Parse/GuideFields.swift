import Yams

/// A service guide's own front matter (`guides/*.md`): the materials checklist, the steps and
/// the facts residents ask at the window, each checked at its line.
struct GuideFields {
    var audience: String?
    var materials: [GuideMaterial] = []
    var steps: [String] = []
    var window: String?
    var hours: String?
    var timeLimit: String?
    var fee: String?
    var basis: String?
    var phone: PhoneNumber?
    var supervisionPhone: PhoneNumber?
    var homeService = false
    var online: String?
    var order = 0

    static let materialFields: Set<String> = ["name", "form", "copies", "note"]

    private static let emptyMaterials = Wording("the materials list is empty",
                                                zh: "“materials”（所需材料）列表是空的")
    private static let emptyMaterialsHint = Wording(
        "list what residents must bring, e.g. - {name: 居民身份证, form: 原件, copies: 1}",
        zh: "请列出居民要带的材料，每项一行，例如 - {name: 居民身份证, form: 原件, copies: 1}")

    static func read(_ fields: inout FrontMatterFields) -> GuideFields {
        var g = GuideFields()
        g.audience = fields.string("audience")
        g.materials = materials(&fields)
        g.steps = fields.stringList("steps")
        g.window = fields.string("window")
        g.hours = fields.string("hours")
        g.timeLimit = fields.string("time_limit")
        g.fee = fields.string("fee")
        g.basis = fields.string("basis")
        g.phone = fields.phone("phone")
        g.supervisionPhone = fields.phone("supervision_phone")
        g.homeService = fields.bool("home_service") ?? false
        if let online = fields.string("online") {
            if online.hasPrefix("https://") || online.hasPrefix("http://"), !online.contains(where: \.isWhitespace) {
                g.online = online
            } else {
                fields.diagnostics.append(fields.location("online").error(
                    Wording("'online' must be a web address starting with https://, not '\(online)'",
                            zh: "\(FieldGloss.quoted("online"))要写以 https:// 开头的网址，现在写的是“\(online)”"),
                    hint: Wording("copy the address from the browser, or leave 'online' out: online: https://zwfw.yn.gov.cn/",
                                  zh: "请从浏览器地址栏复制网址，或者删掉这一行：online: https://zwfw.yn.gov.cn/")))
            }
        }
        g.order = fields.int("order") ?? Document.unordered
        return g
    }

    private static func materials(_ fields: inout FrontMatterFields) -> [GuideMaterial] {
        guard fields.has("materials") else {
            fields.diagnostics.append(fields.location("title").warning(
                Wording("this guide lists no materials: residents will not know what to bring",
                        zh: "这份办事指南没有列出所需材料，居民不知道要带什么"),
                hint: Wording("add materials: with one line per document, e.g. - {name: 居民身份证, form: 原件, copies: 1}",
                              zh: "请加一行 materials:，在下面每份材料写一行，例如 - {name: 居民身份证, form: 原件, copies: 1}")))
            return []
        }
        let before = fields.diagnostics.count
        guard let items = fields.sequence("materials") else {
            // `materials:` with nothing after it; a value of the wrong shape was reported.
            if fields.diagnostics.count == before {
                fields.diagnostics.append(fields.location("materials").error(emptyMaterials, hint: emptyMaterialsHint))
            }
            return []
        }
        if items.isEmpty {
            fields.diagnostics.append(fields.location("materials").error(emptyMaterials, hint: emptyMaterialsHint))
        }
        var result: [GuideMaterial] = []
        for item in items {
            let location = fields.location(of: item)
            if case .scalar(let s) = item {
                let name = s.string.trimmingSpaces
                if name.isEmpty {
                    fields.diagnostics.append(location.error(Wording("a material needs a name", zh: "这项材料没有写名称")))
                } else {
                    result.append(GuideMaterial(name: name))
                }
                continue
            }
            guard let pairs = item.mapping else {
                fields.diagnostics.append(location.error(
                    Wording("each material is a name or a group of fields",
                            zh: "每项材料要写一个名称，或者写成一组字段（{…}）"),
                    hint: Wording("- {name: 户口簿, form: 原件和复印件, copies: 1, note: 全家成员页}",
                                  zh: "请这样写：- {name: 户口簿, form: 原件和复印件, copies: 1, note: 全家成员页}")))
                continue
            }
            var map: [String: Node] = [:]
            for (key, value) in pairs {
                guard let name = key.string else { continue }
                map[name] = value
                if !materialFields.contains(name) {
                    fields.diagnostics.append(FrontMatterFields.unknownField(name, known: materialFields, in: Wording("a material", zh: "材料"),
                                                                             at: fields.location(of: key)))
                }
            }
            guard let name = map["name"]?.string?.trimmingSpaces, !name.isEmpty else {
                fields.diagnostics.append(location.error(
                    Wording("a material needs a name", zh: "这项材料没有写“name”（名称）"),
                    hint: Wording("- {name: 户口簿, form: 原件和复印件, copies: 1}",
                                  zh: "请这样写：- {name: 户口簿, form: 原件和复印件, copies: 1}")))
                continue
            }
            var material = GuideMaterial(name: name)
            if let node = map["form"], let text = node.string, !text.isEmpty {
                material.form = GuideMaterial.Form(text: text)
                if material.form == nil {
                    fields.diagnostics.append(fields.location(of: node).error(
                        Wording("unknown form '\(text)' for \(name)",
                                zh: "“\(name)”的“form”（原件还是复印件）写的“\(text)”不认识"),
                        hint: Wording("use 原件, 复印件 or 原件和复印件",
                                      zh: "请写“原件”“复印件”或“原件和复印件”")))
                }
            }
            if let node = map["copies"], node.null == nil {
                if case .scalar = node, let n = node.int, n > 0 {
                    material.copies = n
                } else {
                    fields.diagnostics.append(fields.location(of: node).error(
                        Wording("'copies' of \(name) must be a positive whole number, not '\(node.string ?? "…")'",
                                zh: "“\(name)”的\(FieldGloss.quoted("copies"))要写大于 0 的整数，现在写的是“\(node.string ?? "…")”"),
                        hint: Wording("the number of copies to bring, e.g. copies: 2",
                                      zh: "写要带几份，例如 copies: 2")))
                }
            }
            if let note = map["note"]?.string?.trimmingSpaces, !note.isEmpty { material.note = note }
            result.append(material)
        }
        return result
    }
}
