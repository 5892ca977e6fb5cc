/// Where a value came from in an editor's file, for diagnostics.
public struct SourceLocation: Hashable, Sendable {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }

    public func error(_ message: Wording, hint: Wording? = nil) -> Diagnostic {
        .error(path, line, column, message, hint: hint)
    }

    public func warning(_ message: Wording, hint: Wording? = nil) -> Diagnostic {
        .warning(path, line, column, message, hint: hint)
    }
}
