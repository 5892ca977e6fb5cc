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
                    "'online' must be a web address starting with https://, not '\(online)'"))
            }
        }
        g.order = fields.int("order") ?? 0
        return g
    }

    private static func materials(_ fields: inout FrontMatterFields) -> [GuideMaterial] {
        guard fields.has("materials") else {
            fields.diagnostics.append(fields.location("title").warning(
                "this guide lists no materials: residents will not know what to bring",
                hint: "add materials: with one line per document, e.g. - {name: 居民身份证, form: 原件, copies: 1}"))
            return []
        }
        let before = fields.diagnostics.count
        guard let items = fields.sequence("materials") else {
            // `materials:` with nothing after it; a value of the wrong shape was reported.
            if fields.diagnostics.count == before {
                fields.diagnostics.append(fields.location("materials").error("the materials list is empty",
                    hint: "list what residents must bring, e.g. - {name: 居民身份证, form: 原件, copies: 1}"))
            }
            return []
        }
        if items.isEmpty {
            fields.diagnostics.append(fields.location("materials").error("the materials list is empty",
                hint: "list what residents must bring, e.g. - {name: 居民身份证, form: 原件, copies: 1}"))
        }
        var result: [GuideMaterial] = []
        for item in items {
            let location = fields.location(of: item)
            if case .scalar(let s) = item {
                let name = s.string.trimmingSpaces
                if name.isEmpty {
                    fields.diagnostics.append(location.error("a material needs a name"))
                } else {
                    result.append(GuideMaterial(name: name))
                }
                continue
            }
            guard let pairs = item.mapping else {
                fields.diagnostics.append(location.error("each material is a name or a group of fields",
                    hint: "- {name: 户口簿, form: 原件和复印件, copies: 1, note: 全家成员页}"))
                continue
            }
            var map: [String: Node] = [:]
            for (key, value) in pairs {
                guard let name = key.string else { continue }
                map[name] = value
                if !materialFields.contains(name) {
                    fields.diagnostics.append(FrontMatterFields.unknownField(name, known: materialFields, in: "a material",
                                                                             at: fields.location(of: key)))
                }
            }
            guard let name = map["name"]?.string?.trimmingSpaces, !name.isEmpty else {
                fields.diagnostics.append(location.error("a material needs a name",
                    hint: "- {name: 户口簿, form: 原件和复印件, copies: 1}"))
                continue
            }
            var material = GuideMaterial(name: name)
            if let node = map["form"], let text = node.string, !text.isEmpty {
                material.form = GuideMaterial.Form(text: text)
                if material.form == nil {
                    fields.diagnostics.append(fields.location(of: node).error("unknown form '\(text)' for \(name)",
                        hint: "use 原件, 复印件 or 原件和复印件"))
                }
            }
            if let node = map["copies"], node.null == nil {
                if case .scalar = node, let n = node.int, n > 0 {
                    material.copies = n
                } else {
                    fields.diagnostics.append(fields.location(of: node).error(
                        "'copies' of \(name) must be a positive whole number, not '\(node.string ?? "…")'",
                        hint: "the number of copies to bring, e.g. copies: 2"))
                }
            }
            if let note = map["note"]?.string?.trimmingSpaces, !note.isEmpty { material.note = note }
            result.append(material)
        }
        return result
    }
}
