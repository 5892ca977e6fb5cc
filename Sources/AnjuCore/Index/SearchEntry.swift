/// One thing a search can find: a notice, project, page, Q&A topic, or a single Q&A
/// question (which links to its anchor).
public struct SearchEntry: Sendable {
    public enum Section: String, Sendable, CaseIterable {
        case notice, qa, project, page
    }

    public var url: String
    public var title: String
    /// Headings inside the body (and a topic's questions): weighted between title and body.
    public var headings: [String]
    public var body: String
    public var section: Section
    public var category: String?
    public var date: String?
    /// For a question: its topic's title.
    public var parent: String?

    /// Entries for a planned site, in a fixed order so the index is reproducible.
    static func entries(for plan: SitePlan) -> [SearchEntry] {
        let base = plan.config.basePath
        var entries: [SearchEntry] = []
        for n in plan.notices {
            entries.append(SearchEntry(url: base + n.info.urlPath, title: n.info.title,
                                       headings: n.info.body.headings.map(\.text), body: n.info.body.plainText,
                                       section: .notice, category: n.category,
                                       date: n.date.dateOnly, parent: nil))
        }
        for t in plan.qaTopics {
            let questions = t.info.body.questions
            let intro = questions.isEmpty ? t.info.body.plainText : (t.info.summary ?? "")
            entries.append(SearchEntry(url: base + t.info.urlPath, title: t.info.title, headings: questions.map(\.text),
                                       body: intro, section: .qa, category: t.category,
                                       date: t.info.updated?.dateOnly, parent: nil))
            for q in questions {
                entries.append(SearchEntry(url: base + t.info.urlPath + "#" + q.anchor, title: q.text, headings: [],
                                           body: q.answerText, section: .qa, category: t.category,
                                           date: t.info.updated?.dateOnly, parent: t.info.title))
            }
        }
        for p in plan.projects {
            entries.append(SearchEntry(url: base + p.info.urlPath, title: p.info.title,
                                       headings: p.info.body.headings.map(\.text),
                                       body: [p.location, p.funding, p.beneficiaries, p.info.summary].compactMap { $0 }.joined(separator: "\n")
                                           + "\n" + p.info.body.plainText,
                                       section: .project, category: p.status?.label,
                                       date: p.start?.dateOnly, parent: nil))
        }
        for p in plan.pages {
            entries.append(SearchEntry(url: base + p.info.urlPath, title: p.info.title,
                                       headings: p.info.body.headings.map(\.text), body: p.info.body.plainText,
                                       section: .page, category: nil, date: nil, parent: nil))
        }
        return entries
    }
}
