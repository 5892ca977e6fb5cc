/// Anju patch: text that is already UTF-8 bytes, such as HTML made by a Markdown renderer.
/// `{{{name}}}` and `{{&name}}` write its bytes as they are, without making a String of
/// them (validating a page's body again was 2.6 % of Anju's build); everywhere else it
/// behaves exactly as the String it holds: `{{name}}` escapes it, a section over it renders
/// once with the String as its context, an inverted section over it renders nothing, and
/// transforms (`{{uppercased(name)}}`) apply to the String.
/// The bytes must be valid UTF-8.
public struct MustacheUTF8Text: Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var description: String { String(decoding: bytes, as: UTF8.self) }
}

extension MustacheUTF8Text: MustacheTransformable {
    public func transform(_ name: String) -> Any? { description.transform(name) }
}
