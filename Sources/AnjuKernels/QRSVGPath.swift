/// The path of a QR code's SVG: each run of dark modules a one-unit-wide horizontal stroke
/// through the middle of its row, reached by a relative move from the end of the previous run.
public enum QRSVGPath {
    /// Appends the path data of `dark` (one byte per module, 1 = dark, `width` a row) with
    /// `quiet` modules of margin.
    public static func appendRuns(of dark: [UInt8], width: Int, quiet: Int, to bytes: inout [UInt8]) {
        // The runs through a pointer, into room for the worst case (at most (width + 1) / 2
        // runs a row, each "m-ddd ddhddd" at most 13 bytes): an Array append per byte was
        // most of this function's time.
        let pathStart = bytes.count
        let room = width * (width + 1) / 2 * 13 + 16
        bytes.append(contentsOf: repeatElement(0, count: room))
        let pathEnd: Int = bytes.withUnsafeMutableBufferPointer { buffer in
            var p = buffer.baseAddress! + pathStart
            var penX = 0, penY = 0, first = true
            dark.withUnsafeBufferPointer { dark in
                for y in 0..<width {
                    var x = 0
                    while x < width {
                        guard dark[y * width + x] == 1 else { x += 1; continue }
                        var run = 1
                        while x + run < width, dark[y * width + x + run] == 1 { run += 1 }
                        if first {
                            p = writeNumber(x + quiet, at: p); p.pointee = 0x20; p += 1
                            p = writeNumber(y + quiet, at: p); p[0] = 0x2E; p[1] = 0x35; p += 2 // .5
                            first = false
                        } else {
                            p.pointee = 0x6D; p += 1 // m
                            p = writeSigned(x - penX, at: p); p.pointee = 0x20; p += 1
                            p = writeSigned(y - penY, at: p)
                        }
                        p.pointee = 0x68; p += 1 // h
                        p = writeNumber(run, at: p)
                        x += run
                        penX = x; penY = y
                    }
                }
            }
            return p - buffer.baseAddress!
        }
        bytes.removeSubrange(pathEnd...)
    }

    static func writeSigned(_ value: Int, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        guard value < 0 else { return writeNumber(value, at: p) }
        p.pointee = 0x2D // -
        return writeNumber(-value, at: p + 1)
    }
}
