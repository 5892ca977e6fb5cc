/// What Anju says to an editor, in English and in Chinese; the reader's language picks one.
///
/// Editors are community staff who read Chinese; scripts and CI logs have long read the
/// English. Every diagnostic carries both, so neither reader gets the other's.
public struct Wording: Hashable, Sendable {
    public var english: String
    public var chinese: String

    public init(_ english: String, zh chinese: String) {
        self.english = english
        self.chinese = chinese
    }

    public func text(in language: EditorLanguage) -> String {
        language == .chinese ? chinese : english
    }

    /// Two wordings one after the other, each in its own language's way.
    public static func + (a: Wording, b: Wording) -> Wording {
        Wording(a.english + b.english, zh: a.chinese + b.chinese)
    }
}

/// The language Anju speaks to the person running it.
public enum EditorLanguage: Sendable {
    case english, chinese

    /// `ANJU_LANG` (zh or en) when set, else the locale in gettext's order (`LC_ALL`,
    /// `LC_MESSAGES`, `LANG`): Chinese for a zh locale, English for any other, `fallback`
    /// when none is set or it is C/POSIX (a container's or CI runner's, saying nothing of
    /// the reader).
    public static func from(environment: [String: String], fallback: EditorLanguage = .english) -> EditorLanguage {
        if let chosen = environment["ANJU_LANG"], !chosen.isEmpty {
            return chosen.lowercased().hasPrefix("zh") ? .chinese : .english
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let locale = value.lowercased()
            if locale.hasPrefix("zh") { return .chinese }
            if locale == "c" || locale.hasPrefix("c.") || locale == "posix" { return fallback }
            return .english
        }
        return fallback
    }
}
