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
