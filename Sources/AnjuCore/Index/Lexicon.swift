import Foundation

/// The built-in lexicon of how residents say what policy texts say (投诉 → 信访, 娃 → 儿童,
/// 招工 → 招聘): `Resources/lexicon.yml`, in the form of a site's `synonyms.yml`, read once.
/// Every site's synonyms start with it, and its groups reach the browser like the site's
/// own, in the index's `meta` file (those with a word the site holds), ranking below the
/// words as typed.
enum Lexicon {
    static let groups: [[String]] = {
        guard let url = Bundle.module.url(forResource: "lexicon", withExtension: "yml"),
              let data = FileManager.default.contents(atPath: url.path) else {
            fatalError("lexicon.yml is missing from AnjuCore's resources: rebuild with `swift build`")
        }
        let (groups, diagnostics) = SynonymsParser.parse(path: "lexicon.yml", bytes: [UInt8](data))
        precondition(!diagnostics.hasErrors, "the built-in lexicon does not read: \(diagnostics)")
        return groups
    }()
}
