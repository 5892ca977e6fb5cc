import CQRencode
#if canImport(Glibc)
import Glibc
#endif

/// Chooses a QR code's mask the way libqrencode does, with rows and columns as 64-bit words.
///
/// libqrencode tries all eight masks module by module; for the 6,500 notices of the
/// 10,000-page bench that was 12 % of a one-thread build (about 160 µs a code). Here the
/// symbol is encoded once with mask 0, unmasked, and each mask is scored with word
/// operations — same penalty rules (ISO/IEC 18004 §7.8.3 as libqrencode counts them), same
/// choice, same modules (a test compares them with libqrencode's own output).
enum QRMaskChoice {
    /// Modules of `text` at error correction level M, one byte per module (1 = dark), or
    /// nil when this path does not apply (symbols wider than 64 modules, a libqrencode
    /// without `QRcode_encodeMask`): the caller then asks libqrencode to choose.
    static func modules(for text: String) -> (width: Int, dark: [UInt8])? {
        guard let encodeMask = encodeMask, let input = QRinput_new2(0, QR_ECLEVEL_M) else { return nil }
        defer { QRinput_free(input) }
        let appended = text.utf8.withContiguousStorageIfAvailable {
            QRinput_append(input, QR_MODE_8, Int32($0.count), $0.baseAddress)
        } ?? Array(text.utf8).withUnsafeBufferPointer { QRinput_append(input, QR_MODE_8, Int32($0.count), $0.baseAddress) }
        guard appended == 0, let code = encodeMask(input, 0) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width <= 64, let modules = code.pointee.data else { return nil }
        let patterns = MaskPatterns.table[width]!

        // Colours without mask 0 and without format information; which modules masks touch.
        var raw = [UInt64](repeating: 0, count: width), rawT = raw, isData = raw, isDataT = raw
        let maskZero = patterns.rows[0]
        for y in 0..<width {
            var colours: UInt64 = 0, data: UInt64 = 0
            for x in 0..<width {
                let module = modules[y * width + x]
                let bit: UInt64 = 1 << UInt64(x)
                if module & 0x80 == 0 { data |= bit }
                // Format information is written per mask below.
                if module & 1 == 1, module & 0x84 != 0x84 { colours |= bit }
            }
            raw[y] = colours ^ (maskZero[y] & data)
            isData[y] = data
        }
        transpose(raw, into: &rawT, width: width)
        transpose(isData, into: &isDataT, width: width)

        var best = 0, bestDemerit = Int.max
        var rows = raw, columns = rawT
        var runs = [Int](repeating: 0, count: width + 2)
        for mask in 0..<8 {
            masked(mask, raw: raw, rawT: rawT, isData: isData, isDataT: isDataT, patterns: patterns, width: width,
                   rows: &rows, columns: &columns)
            let demerit = penalty(rows: rows, columns: columns, width: width, runs: &runs)
            if demerit < bestDemerit { bestDemerit = demerit; best = mask } // first of equals, as libqrencode
        }
        masked(best, raw: raw, rawT: rawT, isData: isData, isDataT: isDataT, patterns: patterns, width: width,
               rows: &rows, columns: &columns)
        var dark = [UInt8](repeating: 0, count: width * width)
        for y in 0..<width {
            var row = rows[y]
            while row != 0 {
                dark[y * width + row.trailingZeroBitCount] = 1
                row &= row - 1
            }
        }
        return (width, dark)
    }

    private static func transpose(_ rows: [UInt64], into columns: inout [UInt64], width: Int) {
        for x in 0..<width { columns[x] = 0 }
        for y in 0..<width {
            var row = rows[y]
            while row != 0 {
                columns[row.trailingZeroBitCount] |= 1 << UInt64(y)
                row &= row - 1
            }
        }
    }

    /// `QRcode_encodeMask` is exported by Debian's libqrencode but not declared in its
    /// header, so it is looked up rather than linked: a build without it still works.
    private typealias EncodeMask = @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<QRcode>?
    private static let encodeMask: EncodeMask? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "QRcode_encodeMask") else { return nil }
        return unsafeBitCast(symbol, to: EncodeMask.self)
    }()

    private static func masked(_ mask: Int, raw: [UInt64], rawT: [UInt64], isData: [UInt64], isDataT: [UInt64],
                               patterns: MaskPatterns, width: Int, rows: inout [UInt64], columns: inout [UInt64]) {
        let p = patterns.rows[mask], pT = patterns.columns[mask]
        for i in 0..<width {
            rows[i] = raw[i] ^ (p[i] & isData[i])
            columns[i] = rawT[i] ^ (pT[i] & isDataT[i])
        }
        let format = formatInformation(mask: mask)
        for (bit, x, y) in formatModules(width: width) where format >> bit & 1 == 1 {
            rows[y] |= 1 << UInt64(x); columns[x] |= 1 << UInt64(y)
        }
    }

    /// Dark-ratio (N4), 2×2 blocks (N2), runs of five or more (N1) and 1:1:3:1:1 finder-like
    /// runs (N3) in rows and columns, with libqrencode's weights and edge rules.
    static func penalty(rows: [UInt64], columns: [UInt64], width: Int, runs: inout [Int]) -> Int {
        let area = width * width
        var blacks = 0
        for row in rows { blacks += row.nonzeroBitCount }
        let ratio = (200 * blacks + area) / area / 2
        var demerit = abs(ratio - 50) / 5 * 10

        let all: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
        for y in 1..<width {
            let a = rows[y - 1], b = rows[y]
            let sameColumn = ~(a ^ b), sameRow = ~(b ^ (b << 1))
            demerit += 3 * (sameColumn & (sameColumn << 1) & sameRow & all & ~1).nonzeroBitCount
        }
        runs.withUnsafeMutableBufferPointer { runs in
            for line in rows { demerit += linePenalty(line, width: width, all: all, runs: runs.baseAddress!) }
            for line in columns { demerit += linePenalty(line, width: width, all: all, runs: runs.baseAddress!) }
        }
        return demerit
    }

    @inline(__always)
    private static func linePenalty(_ line: UInt64, width: Int, all: UInt64, runs: UnsafeMutablePointer<Int>) -> Int {
        // N1 on words: a run of n ≥ 5 costs 3 + (n − 5) = (n − 4 windows of five) + 2.
        let same = ~(line ^ (line >> 1))
        let five = same & (same >> 1) & (same >> 2) & (same >> 3) & (all >> 4)
        var demerit = five.nonzeroBitCount + 2 * (five & ~(five << 1)).nonzeroBitCount
        // N3 needs dark-light-dark³-light-dark (1011101) or, scaled by f ≥ 2, two light
        // modules before six dark ones; only such lines are cut into runs.
        let l = line, light = ~line & all
        let scaledOne = l & (light >> 1) & (l >> 2) & (l >> 3) & (l >> 4) & (light >> 5) & (l >> 6)
        let scaledMore = light & (light >> 1) & (l >> 2) & (l >> 3) & (l >> 4) & (l >> 5) & (l >> 6) & (l >> 7)
        if scaledOne | scaledMore != 0 { demerit += finderLikePenalty(line, width: width, runs: runs) }
        return demerit
    }

    /// Runs alternate light, dark, …; a line starting dark gets a phantom light run of −1 so
    /// dark runs keep odd indices (libqrencode's convention, which decides N3 at the edges).
    private static func finderLikePenalty(_ line: UInt64, width: Int, runs: UnsafeMutablePointer<Int>) -> Int {
        var count = 0
        if line & 1 == 1 { runs[0] = -1; count = 1 }
        var position = 0
        while position < width {
            let rest = line & 1 << UInt64(position) != 0 ? ~line >> UInt64(position) : line >> UInt64(position)
            let length = rest == 0 ? width - position : min(rest.trailingZeroBitCount, width - position)
            runs[count] = length
            count += 1
            position += length
        }
        var demerit = 0
        var i = 3
        while i < count - 2 {
            defer { i += 2 }
            let run = runs[i]
            guard run % 3 == 0 else { continue }
            let f = run / 3
            guard runs[i - 2] == f, runs[i - 1] == f, runs[i + 1] == f, runs[i + 2] == f else { continue }
            if i == 3 || runs[i - 3] >= 4 * f || i + 4 >= count || runs[i + 3] >= 4 * f { demerit += 40 }
        }
        return demerit
    }

    /// The 15 format bits for level M: BCH(15,5) over (00, mask), XOR 101010000010010.
    static func formatInformation(mask: Int) -> Int {
        let data = mask // level M is 00
        var remainder = data << 10
        for bit in stride(from: 14, through: 10, by: -1) where remainder >> bit & 1 == 1 {
            remainder ^= 0x537 << (bit - 10)
        }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// (format bit, x, y) of both copies of the format information, as libqrencode places them.
    static func formatModules(width: Int) -> [(Int, Int, Int)] {
        var modules: [(Int, Int, Int)] = []
        for i in 0..<8 {
            modules.append((i, width - 1 - i, 8))
            modules.append((i, 8, i < 6 ? i : i + 1))
        }
        for i in 0..<7 {
            modules.append((8 + i, 8, width - 7 + i))
            modules.append((8 + i, i == 0 ? 7 : 6 - i, 8))
        }
        return modules
    }
}

/// The eight mask patterns of each symbol width up to 64, as row words and column words
/// (bit set = module flipped).
struct MaskPatterns: Sendable {
    var rows: [[UInt64]], columns: [[UInt64]]

    static let table: [Int: MaskPatterns] = {
        var table: [Int: MaskPatterns] = [:]
        for version in 1...11 {
            let width = 17 + 4 * version
            var rows = [[UInt64]](repeating: [UInt64](repeating: 0, count: width), count: 8), columns = rows
            for mask in 0..<8 {
                for y in 0..<width {
                    for x in 0..<width where flips(mask, x: x, y: y) {
                        rows[mask][y] |= 1 << UInt64(x)
                        columns[mask][x] |= 1 << UInt64(y)
                    }
                }
            }
            table[width] = MaskPatterns(rows: rows, columns: columns)
        }
        return table
    }()

    /// ISO/IEC 18004 Table 10, with i the row (y) and j the column (x).
    static func flips(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: return (x + y) % 2 == 0
        case 1: return y % 2 == 0
        case 2: return x % 3 == 0
        case 3: return (x + y) % 3 == 0
        case 4: return (y / 2 + x / 3) % 2 == 0
        case 5: return (x * y) % 2 + (x * y) % 3 == 0
        case 6: return ((x * y) % 2 + (x * y) % 3) % 2 == 0
        default: return ((x * y) % 3 + (x + y) % 2) % 2 == 0
        }
    }
}
