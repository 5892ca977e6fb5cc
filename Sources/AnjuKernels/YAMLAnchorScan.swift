import CYaml

/// Finds the first YAML anchor (`&a`) or alias (`*a`) in a text by reading libyaml's events,
/// which never expand an alias: composing is what expands them, and eight nested aliases used
/// as a mapping key made composing run for minutes. Linear in the text's length.
public enum YAMLAnchorScan {
    public struct Found: Equatable {
        /// 1-based line and column of the anchor or alias.
        public var line: Int
        public var column: Int
        public var isAlias: Bool
    }

    /// The first anchor or alias, or nil when there is none (or the YAML is malformed, which
    /// the composer then reports with its own message).
    public static func first(in yaml: String) -> Found? {
        // Plain text with neither character cannot hold one: most front matter stops here.
        guard yaml.utf8.contains(where: { $0 == 0x26 || $0 == 0x2A }) else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(yaml.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Found? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                let at = { (alias: Bool) in Found(line: Int(mark.line) + 1, column: Int(mark.column) + 1, isAlias: alias) }
                switch event.type {
                case YAML_ALIAS_EVENT: return at(true)
                case YAML_SCALAR_EVENT where event.data.scalar.anchor != nil: return at(false)
                case YAML_SEQUENCE_START_EVENT where event.data.sequence_start.anchor != nil: return at(false)
                case YAML_MAPPING_START_EVENT where event.data.mapping_start.anchor != nil: return at(false)
                case YAML_STREAM_END_EVENT: return nil
                default: continue
                }
            }
            return nil
        }
    }
}
