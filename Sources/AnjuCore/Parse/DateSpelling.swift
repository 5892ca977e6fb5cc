/// How an editor meant a date Anju cannot read, when that is plain: typed with a Chinese
/// input method's full-width digits or colon (２０２６-１１-２０ ０９：００), written the Chinese
/// way (2026年11月20日 9点), with slashes or dots (2026/11/20), or without the leading zeros
/// (2026-1-5 9:00). Only ever a hint: the date itself must be written as the contract says.
enum DateSpelling {
    static func suggestion(for text: String) -> String? {
        // Full-width forms to ASCII, the ideographic space to a space.
        let ascii = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)!
            case 0x3000: return " "
            default: return scalar
            }
        })).trimmingSpaces
        // Numbers in order, with what follows each: 年 月 日 / - . for the date, 点 时 : for the time.
        var numbers: [Int] = []
        var digits = ""
        for c in ascii + " " {
            if c.isASCII, c.wholeNumberValue != nil {
                digits.append(c)
                guard digits.count <= 4 else { return nil }
                continue
            }
            if !digits.isEmpty { numbers.append(Int(digits)!); digits = "" }
            guard "年月日号/-. :点时分".contains(c) else { return nil }
        }
        guard numbers.count == 3 || numbers.count == 4 || numbers.count == 5, numbers[0] >= 1000 else { return nil }
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var result = "\(numbers[0])-\(pad(numbers[1]))-\(pad(numbers[2]))"
        if numbers.count >= 4 { result += " \(pad(numbers[3])):\(pad(numbers.count == 5 ? numbers[4] : 0))" }
        guard result != text, ChinaTime.parse(result) != nil else { return nil }
        return result
    }
}
