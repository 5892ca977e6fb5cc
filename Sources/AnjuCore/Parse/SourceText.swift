import AnjuKernels
import Foundation

/// Decodes an editor's file as UTF-8, reporting where it is not.
///
/// Files saved from Windows tools may be GBK or carry a byte-order mark and CRLF line ends;
/// the first two are accepted and normalised, GBK is refused with the line it breaks on.
enum SourceText {
    /// The kinds of file an editor writes, for messages in each one's own terms.
    enum Kind: Equatable {
        case markdown, siteConfig, grid, synonyms

        init(_ path: String) {
            if path.hasSuffix("site.yml") { self = .siteConfig }
            else if path.hasSuffix("grid.yml") { self = .grid }
            else if path.hasSuffix(".yml") || path.hasSuffix(".yaml") { self = .synonyms }
            else { self = .markdown }
        }

        /// What an empty file of this kind should hold.
        var emptyHint: Wording {
            switch self {
            case .markdown: Wording("add front matter between --- lines with at least a title",
                                    zh: "请在文件开头写两行 ---，中间至少写上标题，例如 title: 停水通知")
            case .siteConfig: Wording("write the site's settings, at least: name: 文笔社区 and base_url: https://…/",
                                      zh: "请写上站点的设置，至少要有 name: 文笔社区 和 base_url: https://…/ 两行")
            case .grid: Wording("write 'grids:' and the grids under it, or delete the file",
                                zh: "请先写一行 grids:，再在下面列出各个网格；不用这个文件就把它删掉")
            case .synonyms: Wording("write one group a line, such as: - [后扶, 后期扶持], or delete the file",
                                    zh: "请一行写一组同义词，例如 - [后扶, 后期扶持]；不用这个文件就把它删掉")
            }
        }

        /// How its fields are written, when they are not 'name: value' lines.
        var fieldsHint: Wording {
            switch self {
            case .grid: Wording("the file starts with a line 'grids:', the grids listed under it",
                                zh: "文件第一行写 grids:，下面再列出各个网格")
            case .markdown: Wording("write each field on a line of its own: title: 停水通知",
                                    zh: "每个字段单独写一行，例如 title: 停水通知")
            case .siteConfig, .synonyms: Wording("write each field on a line of its own: name: 文笔社区",
                                                 zh: "每个字段单独写一行，例如 name: 文笔社区")
            }
        }
    }

    private static let emptyFile = Wording("the file is empty", zh: "文件是空的")

    static func decode(_ bytes: [UInt8], path: String) -> Result<String, Diagnostic> {
        if bytes.isEmpty {
            return .failure(.error(path, 1, 1, emptyFile, hint: Kind(path).emptyHint))
        }
        // Notepad's "Unicode" (UTF-16, with or without its byte-order mark): every other byte
        // of the ASCII '---' and field names is zero.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || (bytes.count >= 4 && (bytes[1] == 0 && bytes[3] == 0 || bytes[0] == 0 && bytes[2] == 0)) {
            return .failure(.error(path, 1, 1,
                Wording("the file is saved as UTF-16 (Notepad's 'Unicode'), not UTF-8",
                        zh: "文件是按 UTF-16（记事本里叫“Unicode”）编码保存的，不是 UTF-8"),
                hint: Wording("save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)",
                              zh: "请把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）")))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        // The standard library's validation (vectorised) first; ours only to locate a problem.
        let valid = String(validating: body, as: UTF8.self)
        if valid == nil, let bad = UTF8Scan.firstInvalidUTF8(body) {
            var line = 1, column = 1
            for b in body[body.startIndex..<bad] {
                if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            }
            return .failure(.error(path, line, column,
                Wording("the file is not valid UTF-8",
                        zh: "文件从这里起不是 UTF-8 编码（多半是 GBK 编码）"),
                hint: Wording("save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8); GBK is not supported",
                              zh: "请把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）；GBK 编码的文件用不了")))
        }
        if let control = UTF8Scan.firstControlCharacter(body) {
            var line = 1, column = 1
            for b in body[body.startIndex..<control.index] {
                if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            }
            let code = String(control.value, radix: 16, uppercase: true).leftPadded(4)
            return .failure(.error(path, line, column,
                Wording("the file contains an invisible control character (U+\(code))",
                        zh: "文件里这个位置有一个看不见的控制字符（U+\(code)）"),
                hint: Wording("delete it and retype the text around it: feeds and pages cannot carry it (often pasted from Word or a PDF)",
                              zh: "请删掉它，把前后的文字重新输入一遍：网页和订阅都放不下这种字符（常见于从 Word 或 PDF 复制过来的文字）")))
        }
        var text = valid ?? String(decoding: body, as: UTF8.self)
        if body.contains(0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        // Bytes first: walking Characters over every file was a tenth of the parse stage.
        if !body.contains(where: { $0 > 0x20 && $0 < 0x80 }), text.allSatisfy({ $0.isWhitespace }) {
            return .failure(.error(path, 1, 1, emptyFile, hint: Kind(path).emptyHint))
        }
        return .success(text)
    }



}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
