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
public enum QRMaskChoice {
    /// Modules of `text` at error correction level M, one byte per module (1 = dark), or
    /// nil when this path does not apply (symbols wider than 64 modules, a libqrencode
    /// without `QRcode_encodeMask`): the caller then asks libqrencode to choose.
    /// libqrencode's own encoding with its mask search, one byte per module (1 = dark): the
    /// path for symbols `modules(for:)` does not take, and the reference it is tested against.
    public static func modulesChosenByLibqrencode(for text: String) -> (width: Int, dark: [UInt8])? {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each byte is the module's colour (1 = dark).
        return (width, (0..<width * width).map { code.pointee.data[$0] & 1 })
    }

    public static func modules(for text: String) -> (width: Int, dark: [UInt8])? {
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

        // One scratch buffer: colours without mask 0 and without format information (rows,
        // then columns), which modules masks touch (rows, columns), a masked candidate
        // (rows, columns) and run lengths.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 6 * width) { words in
            let raw = words.baseAddress!, rawT = raw + width, isData = raw + 2 * width, isDataT = raw + 3 * width
            let rows = raw + 4 * width, columns = raw + 5 * width
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
            transpose(raw, into: rawT, width: width)
            transpose(isData, into: isDataT, width: width)

            func mask(_ m: Int) {
                let p = patterns.rows[m], pT = patterns.columns[m]
                let f = patterns.formatRows[m], fT = patterns.formatColumns[m]
                for i in 0..<width {
                    rows[i] = raw[i] ^ (p[i] & isData[i]) | f[i]
                    columns[i] = rawT[i] ^ (pT[i] & isDataT[i]) | fT[i]
                }
            }
            var best = 0, bestDemerit = Int.max
            withUnsafeTemporaryAllocation(of: Int.self, capacity: width + 2) { runs in
                for m in 0..<8 {
                    mask(m)
                    let demerit = penalty(rows: rows, columns: columns, width: width, runs: runs.baseAddress!)
                    if demerit < bestDemerit { bestDemerit = demerit; best = m } // first of equals, as libqrencode
                }
            }
            mask(best)
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
    }

    private static func transpose(_ rows: UnsafeMutablePointer<UInt64>, into columns: UnsafeMutablePointer<UInt64>, width: Int) {
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

    /// Dark-ratio (N4), 2×2 blocks (N2), runs of five or more (N1) and 1:1:3:1:1 finder-like
    /// runs (N3) in rows and columns, with libqrencode's weights and edge rules.
    static func penalty(rows: UnsafeMutablePointer<UInt64>, columns: UnsafeMutablePointer<UInt64>, width: Int,
                        runs: UnsafeMutablePointer<Int>) -> Int {
        let area = width * width
        var blacks = 0
        for y in 0..<width { blacks += rows[y].nonzeroBitCount }
        let ratio = (200 * blacks + area) / area / 2
        var demerit = abs(ratio - 50) / 5 * 10

        let all: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
        for y in 1..<width {
            let a = rows[y - 1], b = rows[y]
            let sameColumn = ~(a ^ b), sameRow = ~(b ^ (b << 1))
            demerit += 3 * (sameColumn & (sameColumn << 1) & sameRow & all & ~1).nonzeroBitCount
        }
        for y in 0..<width { demerit += linePenalty(rows[y], width: width, all: all, runs: runs) }
        for x in 0..<width { demerit += linePenalty(columns[x], width: width, all: all, runs: runs) }
        return demerit
    }

    @inline(__always)
    static func linePenalty(_ line: UInt64, width: Int, all: UInt64, runs: UnsafeMutablePointer<Int>) -> Int {
        let l = line, light = ~line & all
        // N1 on words: a run of n ≥ 5 costs 3 + (n − 5) = (n − 4 windows of five) + 2.
        let same = ~(l ^ (l >> 1))
        let five = same & (same >> 1) & (same >> 2) & (same >> 3) & (all >> 4)
        var demerit = five.nonzeroBitCount + 2 * (five & ~(five << 1)).nonzeroBitCount
        guard l != 0 else { return demerit }
        // N3 at scale 1 on words: bit x starts dark-light-dark³-light-dark whose outer dark
        // runs are exactly one module, with four light modules (or, as libqrencode counts,
        // no dark module at all) on at least one side.
        let pattern = l & (light >> 1) & (l >> 2) & (l >> 3) & (l >> 4) & (light >> 5) & (l >> 6)
        if pattern != 0 {
            let edgeRight: UInt64 = width >= 7 ? 1 << UInt64(width - 7) : 0
            let exact = pattern & ((light << 1) | 1) & ((light >> 7) | edgeRight)
            let firstDark = UInt64(l.trailingZeroBitCount), lastDark = UInt64(63 - l.leadingZeroBitCount)
            let nothingBefore: UInt64 = 1 << firstDark
            let nothingAfter: UInt64 = lastDark >= 6 ? 1 << (lastDark - 6) : 0
            let lightBefore = (light << 1) & (light << 2) & (light << 3) & (light << 4)
            let lightAfter = (light >> 7) & (light >> 8) & (light >> 9) & (light >> 10)
            demerit += 40 * (exact & (nothingBefore | lightBefore | nothingAfter | lightAfter)).nonzeroBitCount
        }
        // Scales 2 and up need two light modules before six dark ones; only such lines are
        // cut into runs.
        let scaledMore = light & (light >> 1) & (l >> 2) & (l >> 3) & (l >> 4) & (l >> 5) & (l >> 6) & (l >> 7)
        if scaledMore != 0 { demerit += finderLikePenalty(line, width: width, runs: runs, minimumScale: 2) }
        return demerit
    }

    /// Runs alternate light, dark, …; a line starting dark gets a phantom light run of −1 so
    /// dark runs keep odd indices (libqrencode's convention, which decides N3 at the edges).
    static func finderLikePenalty(_ line: UInt64, width: Int, runs: UnsafeMutablePointer<Int>, minimumScale: Int) -> Int {
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
            guard run % 3 == 0, run >= 3 * minimumScale else { continue }
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
    /// Dark format-information modules of each mask (both copies).
    var formatRows: [[UInt64]], formatColumns: [[UInt64]]

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
            var formatRows = [[UInt64]](repeating: [UInt64](repeating: 0, count: width), count: 8), formatColumns = formatRows
            for mask in 0..<8 {
                let format = QRMaskChoice.formatInformation(mask: mask)
                for (bit, x, y) in QRMaskChoice.formatModules(width: width) where format >> bit & 1 == 1 {
                    formatRows[mask][y] |= 1 << UInt64(x)
                    formatColumns[mask][x] |= 1 << UInt64(y)
                }
            }
            table[width] = MaskPatterns(rows: rows, columns: columns, formatRows: formatRows, formatColumns: formatColumns)
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
