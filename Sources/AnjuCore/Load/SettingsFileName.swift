/// The files Anju reads by their exact names (`site.yml`, `grid.yml`, `synonyms.yml`), and
/// the names editors' tools give them instead: Notepad's `site.yml.txt` (its `.txt` hidden
/// while extensions are), `site.yaml`, `Site.yml`, `grid .yml`, a full-width dot. A file so
/// named is not read, and a site without its settings would not be built at all: each is
/// an error that names the file it should be.
enum SettingsFileName {
    static let names = ["site.yml", "grid.yml", "synonyms.yml"]

    /// The settings file `name` was meant to be, when it is not that name exactly.
    static func intended(by name: String) -> String? {
        var plain = name.lowercased().replacingOccurrences(of: "．", with: ".").filter { !$0.isWhitespace }
        for ending in [".txt", ".text"] where plain.hasSuffix(ending) { plain.removeLast(ending.count) }
        if plain.hasSuffix(".yaml") { plain = String(plain.dropLast(5)) + ".yml" }
        if plain.hasSuffix(".yml.yml") { plain.removeLast(4) }
        guard names.contains(plain), plain != name else { return nil }
        return plain
    }

    /// The error for `path`, a file named `name` that was meant to be `intended`.
    static func misnamed(_ path: String, name: String, intended: String) -> Diagnostic {
        .error(path, 1, 1,
               Wording("'\(name)' is not read: Anju reads a file named exactly \(intended)",
                       zh: "“\(name)”不会被读取：Anju 只读名字正好是 \(intended) 的文件"),
               hint: Wording("rename it to \(intended) (Windows may hide an ending such as .txt: turn on 'File name extensions' in Explorer's View menu to see it)",
                             zh: "请把它改名为 \(intended)（Windows 可能隐藏了 .txt 之类的后缀：在资源管理器的“查看”菜单里勾选“文件扩展名”就能看到）"))
    }
}
