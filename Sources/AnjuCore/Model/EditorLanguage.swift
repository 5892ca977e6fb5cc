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
