import Foundation

/// How long a recording plays, read from its bytes: MP4/M4A (`moov/mvhd`), MP3 (a Xing/Info
/// frame count, else the first frame's bit rate) and WAV (`fmt ` byte rate). Nil when the
/// format is not one of these or the file is damaged; every read is bounds-checked.
public enum AudioDuration {
    /// Lengths past a day are a damaged or hostile file, not a recording.
    public static let longest: Double = 86_400

    public static func seconds(of bytes: [UInt8]) -> Double? {
        let found: Double?
        if bytes.count >= 12, bytes[4...7].elementsEqual("ftyp".utf8) {
            found = mp4(bytes)
        } else if bytes.count >= 12, bytes[0...3].elementsEqual("RIFF".utf8), bytes[8...11].elementsEqual("WAVE".utf8) {
            found = wav(bytes)
        } else if bytes.count >= 4, bytes[0...3].elementsEqual("OggS".utf8) {
            found = nil // Ogg pages look like MP3 frame headers; the player shows their length
        } else {
            found = mp3(bytes)
        }
        guard let found, found.isFinite, found > 0, found < longest else { return nil }
        return found
    }

    static func u32(_ b: [UInt8], _ i: Int) -> UInt64? {
        guard i >= 0, i + 4 <= b.count else { return nil }
        return UInt64(b[i]) << 24 | UInt64(b[i + 1]) << 16 | UInt64(b[i + 2]) << 8 | UInt64(b[i + 3])
    }

    static func le32(_ b: [UInt8], _ i: Int) -> UInt64? {
        guard i >= 0, i + 4 <= b.count else { return nil }
        return UInt64(b[i]) | UInt64(b[i + 1]) << 8 | UInt64(b[i + 2]) << 16 | UInt64(b[i + 3]) << 24
    }

    /// Boxes from `start` to `end`: (type, payload start, box end).
    static func boxes(_ b: [UInt8], from start: Int, to end: Int) -> [(String, Int, Int)] {
        var result: [(String, Int, Int)] = []
        var i = start
        while i + 8 <= end, result.count < 4096 {
            guard var size = u32(b, i) else { break }
            var header = 8
            if size == 1, let high = u32(b, i + 8), let low = u32(b, i + 12) { size = high << 32 | low; header = 16 }
            if size == 0 { size = UInt64(end - i) }
            guard size >= UInt64(header), size <= UInt64(end - i) else { break }
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            result.append((type, i + header, i + Int(size)))
            i += Int(size)
        }
        return result
    }

    static func mp4(_ b: [UInt8]) -> Double? {
        guard let moov = boxes(b, from: 0, to: b.count).first(where: { $0.0 == "moov" }),
              let mvhd = boxes(b, from: moov.1, to: moov.2).first(where: { $0.0 == "mvhd" }) else { return nil }
        let p = mvhd.1
        guard p < b.count else { return nil }
        let version = b[p]
        let timescale: UInt64?, duration: UInt64?
        if version == 1 {
            timescale = u32(b, p + 20)
            duration = u32(b, p + 24).flatMap { high in u32(b, p + 28).map { high << 32 | $0 } }
        } else {
            timescale = u32(b, p + 12)
            duration = u32(b, p + 16)
        }
        guard let timescale, timescale > 0, let duration else { return nil }
        return Double(duration) / Double(timescale)
    }

    static func wav(_ b: [UInt8]) -> Double? {
        var i = 12, byteRate: UInt64?
        while i + 8 <= b.count {
            guard let size = le32(b, i + 4) else { return nil }
            let id = String(decoding: b[i..<(i + 4)], as: UTF8.self)
            if id == "fmt " { byteRate = le32(b, i + 16) }
            if id == "data", let byteRate, byteRate > 0 { return Double(size) / Double(byteRate) }
            i += 8 + Int(size) + Int(size & 1)
        }
        return nil
    }

    static func mp3(_ b: [UInt8]) -> Double? {
        var i = 0
        // An ID3v2 tag first: its size is four 7-bit bytes.
        if b.count >= 10, b[0...2].elementsEqual("ID3".utf8) {
            i = 10 + (Int(b[6] & 0x7F) << 21 | Int(b[7] & 0x7F) << 14 | Int(b[8] & 0x7F) << 7 | Int(b[9] & 0x7F))
        }
        let searchFrom = i
        while i + 4 <= b.count, !(b[i] == 0xFF && b[i + 1] & 0xE0 == 0xE0) { i += 1; if i > searchFrom + 65_536 { return nil } }
        guard i + 4 <= b.count else { return nil }
        let versionBits = (b[i + 1] >> 3) & 3, layerBits = (b[i + 1] >> 1) & 3
        let bitrateIndex = Int(b[i + 2] >> 4), rateIndex = Int((b[i + 2] >> 2) & 3)
        guard layerBits == 1, bitrateIndex > 0, bitrateIndex < 15, rateIndex < 3 else { return nil } // Layer III only
        let mpeg1 = versionBits == 3
        let bitrates1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
        let bitrates2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        let rates = versionBits == 3 ? [44_100, 48_000, 32_000] : versionBits == 2 ? [22_050, 24_000, 16_000] : [11_025, 12_000, 8_000]
        let kbps = (mpeg1 ? bitrates1 : bitrates2)[bitrateIndex], rate = rates[rateIndex]
        let samplesPerFrame = mpeg1 ? 1152 : 576
        // A Xing or Info header in the first frame counts the frames (variable bit rate).
        let mono = (b[i + 3] >> 6) == 3
        let sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17)
        let xing = i + 4 + sideInfo
        if xing + 12 <= b.count, b[xing..<(xing + 4)].elementsEqual("Xing".utf8) || b[xing..<(xing + 4)].elementsEqual("Info".utf8),
           let flags = u32(b, xing + 4), flags & 1 == 1, let frames = u32(b, xing + 8) {
            return Double(frames) * Double(samplesPerFrame) / Double(rate)
        }
        return Double(b.count - i) * 8 / Double(kbps * 1000)
    }

    /// `1分05秒`, `45秒`: as residents read a length.
    public static func label(_ seconds: Double) -> String {
        let total = Int(min(max(seconds, 0), longest).rounded())
        return total >= 60 ? "\(total / 60)分\(String(format: "%02d", total % 60))秒" : "\(total)秒"
    }
}
