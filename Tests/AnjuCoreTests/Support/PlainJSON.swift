import Foundation

/// `JSONString`'s plain twin: a JSON string scalar by scalar, with the escapes every JSON
/// file of a site uses (quotes, backslash, controls, `<` `>` `&` for pages that embed it,
/// U+2028 and U+2029), cut to `limit` scalars and `…`.
func plainJSON(_ s: String, limit: Int = .max) -> [UInt8] {
    var out = "\""
    for (n, scalar) in s.unicodeScalars.enumerated() {
        if n == limit { out += "…"; break }
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "<": out += "\\u003c"
        case ">": out += "\\u003e"
        case "&": out += "\\u0026"
        case "\u{2028}": out += "\\u2028"
        case "\u{2029}": out += "\\u2029"
        default:
            if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
        }
    }
    return Array((out + "\"").utf8)
}
