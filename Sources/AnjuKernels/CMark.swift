import CAnjuSystem
import CCmarkGFM
import Foundation

/// cmark-gfm's memory and buffers behind calls that take and give bytes: parsing with the
/// GFM extensions into the calling thread's arena, rendering a node's HTML, a node's
/// literal, new nodes. The tree itself is walked by the caller with cmark's node calls.
public enum CMark {
    /// Registering extensions touches global state in cmark-gfm: done once, before any
    /// thread parses.
    static let extensionsReady: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    public static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// cmark-gfm keeps the inline characters its extensions add (`~`, `:`, `w`) in one
    /// process-wide table, adds them when a parser starts on inlines and removes them when
    /// it is done (or freed), while another thread may be parsing inlines (strikethrough and
    /// autolinks then vanish at random). Inline parsing and freeing happen under this lock;
    /// block parsing before it and everything after it run on every core.
    public static let parseLock = NSLock()

    /// The extensions, as the list `cmark_render_html` takes, made once.
    public struct ExtensionList: @unchecked Sendable { public let list: UnsafeMutablePointer<cmark_llist>? }
    public static let extensionList: ExtensionList = {
        _ = extensionsReady
        var list: UnsafeMutablePointer<cmark_llist>?
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                list = cmark_llist_append(cmark_get_default_mem_allocator(), list, UnsafeMutableRawPointer(ext))
            }
        }
        return ExtensionList(list: list)
    }()

    /// Every node and buffer of a document comes from the calling thread's arena
    /// (`anju_arena_calloc`…), emptied in one step by `resetArena` once the document is
    /// rendered: a document is thousands of small blocks, and malloc and free of each, and
    /// the walk freeing the tree, were a third of the time spent in cmark-gfm.
    struct Allocator: @unchecked Sendable { let mem: UnsafeMutablePointer<cmark_mem> }
    static let arena: Allocator = {
        let mem = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        mem.initialize(to: cmark_mem(calloc: anju_arena_calloc, realloc: anju_arena_realloc, free: anju_arena_free))
        return Allocator(mem: mem)
    }()

    /// The document of `markdown`, its nodes in this thread's arena until `resetArena()`:
    /// block structure on any thread, inline parsing and the parser's freeing under `parseLock`.
    public static func parse(_ markdown: [UInt8], options: Int32) -> OpaquePointer {
        _ = extensionList
        guard let parser = cmark_parser_new_with_mem(options, arena.mem) else { fatalError("cmark-gfm could not parse: out of memory") }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        markdown.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            start.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
        }
        let parsed: OpaquePointer? = parseLock.withLock {
            defer { cmark_parser_free(parser) }
            return cmark_parser_finish(parser)
        }
        // Not freed node by node: every node, and everything the extensions hang on one
        // (table rows, alignments), came from the arena.
        guard let document = parsed else { fatalError("cmark-gfm could not parse: out of memory") }
        return document
    }

    /// Empties this thread's arena: nothing parsed before may be used after.
    public static func resetArena() { anju_arena_reset() }

    /// A node's HTML with the extensions, as bytes.
    public static func renderHTML(_ node: OpaquePointer, options: Int32) -> [UInt8] {
        guard let cString = cmark_render_html_with_mem(node, options, extensionList.list, arena.mem) else { return [] }
        return bytes(of: cString)
    }

    /// A new node from this thread's arena.
    public static func newNode(_ type: cmark_node_type) -> OpaquePointer? {
        cmark_node_new_with_mem(type, arena.mem)
    }

    /// A node's literal appended as UTF-8; false when it has none.
    @discardableResult
    public static func appendLiteral(of node: OpaquePointer, to out: inout [UInt8]) -> Bool {
        guard let literal = cmark_node_get_literal(node) else { return false }
        literal.withMemoryRebound(to: UInt8.self, capacity: strlen(literal)) {
            out.append(contentsOf: UnsafeBufferPointer(start: $0, count: strlen(literal)))
        }
        return true
    }

    /// Whether a node's literal starts with one of `prefixes`, read in place: checks that
    /// pass over every text of every body make a String only of the few that match.
    public static func literal(of node: OpaquePointer, startsWithAnyOf prefixes: [String]) -> Bool {
        guard let literal = cmark_node_get_literal(node) else { return false }
        return prefixes.contains { prefix in prefix.withCString { strncmp(literal, $0, strlen($0)) == 0 } }
    }

    /// Whether a node's literal holds one of `needles`, read in place (see above).
    public static func literal(of node: OpaquePointer, containsAnyOf needles: [String]) -> Bool {
        guard let literal = cmark_node_get_literal(node) else { return false }
        return needles.contains { needle in needle.withCString { strstr(literal, $0) != nil } }
    }

    private static func bytes(of cString: UnsafeMutablePointer<CChar>) -> [UInt8] {
        cString.withMemoryRebound(to: UInt8.self, capacity: strlen(cString)) {
            Array(UnsafeBufferPointer(start: $0, count: strlen(cString)))
        }
    }
}
