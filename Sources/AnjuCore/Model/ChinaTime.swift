/// A moment as editors write it: `2024-06-01` or `2024-06-01 14:00`, in China time (UTC+8)
/// unless an offset is given.
///
/// Stored as seconds since the Unix epoch so comparisons are exact; shown in China time, the
/// government-portal convention. Civil-date arithmetic is done here rather than with
/// Foundation's formatters so output never depends on the machine's locale or time zone.
public struct ChinaTime: Hashable, Sendable, Comparable {
    public static let offsetSeconds = 8 * 3600

    /// Seconds since 1970-01-01T00:00:00Z.
    public var epochSeconds: Int64
    /// False for a bare date (`2024-06-01`): it is shown without a time.
    public var hasTime: Bool

    public init(epochSeconds: Int64, hasTime: Bool = true) {
        self.epochSeconds = epochSeconds
        self.hasTime = hasTime
    }

    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                 offsetSeconds: Int = ChinaTime.offsetSeconds, hasTime: Bool = true) {
        guard (1...12).contains(month), (1...31).contains(day), day <= Self.daysIn(month: month, year: year),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (1...9999).contains(year) else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        epochSeconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        self.hasTime = hasTime
    }

    public static func < (a: ChinaTime, b: ChinaTime) -> Bool { a.epochSeconds < b.epochSeconds }

    /// The first moment after the day this time falls on (China time): a bare date used as an
    /// end (`expires: 2024-06-30`) means "through that day".
    public var endOfDay: ChinaTime {
        ChinaTime(epochSeconds: (dayNumber + 1) * 86_400 - Int64(Self.offsetSeconds), hasTime: true)
    }

    /// This time used as an end (of a validity, a window, a deadline): a bare date runs
    /// through that day.
    public var asEnd: ChinaTime { hasTime ? self : endOfDay }

    /// The calendar day it falls on in China, counted from 1970-01-01: two times are on one
    /// day when these are equal.
    public var dayNumber: Int64 {
        Int64((Double(epochSeconds + Int64(Self.offsetSeconds)) / 86_400).rounded(.down))
    }

    public struct Components: Hashable, Sendable {
        public var year, month, day, hour, minute, second: Int
    }

    /// Civil date and time in China.
    public var components: Components {
        let local = epochSeconds + Int64(Self.offsetSeconds)
        let days = Int64((Double(local) / 86_400).rounded(.down))
        let secs = Int(local - days * 86_400)
        let (y, m, d) = Self.civilFromDays(days)
        return Components(year: y, month: m, day: d, hour: secs / 3600, minute: secs % 3600 / 60, second: secs % 60)
    }

    /// `2024-06-01 14:00`, or `2024-06-01` for a bare date.
    public var display: String { formatted(hasTime ? .minutes : .date) }

    /// `2024-06-01`.
    public var dateOnly: String { formatted(.date) }

    /// `2024年6月1日`, for running text.
    public var chineseDate: String {
        let c = components
        return "\(c.year)年\(c.month)月\(c.day)日"
    }

    /// RFC 3339 in China time, as Atom and sitemaps want: `2024-06-01T14:00:00+08:00`.
    public var rfc3339: String { formatted(.rfc3339) }

    private enum Format { case date, minutes, rfc3339 }

    /// The date (and time) as ASCII bytes, digits written by hand: interpolating padded
    /// Strings cost 8,000 instructions a date, and every notice shows three.
    private func formatted(_ format: Format) -> String {
        let c = components
        guard c.year >= 0 && c.year <= 9999 else { return formattedByStrings(format) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        // n < 10^width: the year is 0...9999 (checked above), every other field below 100.
        func put(_ n: Int, _ width: Int) {
            var divisor = width == 4 ? 1000 : 10
            var n = n
            while divisor > 0 {
                bytes.append(UInt8(48 + n / divisor))
                n %= divisor
                divisor /= 10
            }
        }
        put(c.year, 4); bytes.append(0x2D); put(c.month, 2); bytes.append(0x2D); put(c.day, 2)
        switch format {
        case .date: break
        case .minutes: bytes.append(0x20); put(c.hour, 2); bytes.append(0x3A); put(c.minute, 2)
        case .rfc3339:
            bytes.append(0x54); put(c.hour, 2); bytes.append(0x3A); put(c.minute, 2); bytes.append(0x3A); put(c.second, 2)
            bytes.append(contentsOf: [0x2B, 0x30, 0x38, 0x3A, 0x30, 0x30]) // +08:00
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same, by padded Strings: the general case (years outside 0…9999).
    private func formattedByStrings(_ format: Format) -> String {
        let c = components
        let date = "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))"
        switch format {
        case .date: return date
        case .minutes: return "\(date) \(pad(c.hour)):\(pad(c.minute))"
        case .rfc3339: return "\(date)T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))+08:00"
        }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fraction]]` (or with `T` or `t`), optionally
    /// followed by `Z` (`z`) or an offset: `+08:00`, `+0800`, `+08` or `-5`, as YAML's
    /// timestamps allow. A fraction of a second is dropped.
    public static func parse(_ text: String) -> ChinaTime? {
        let s = Array(text.trimmingSpaces.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= s.count else { return nil }
            var value = 0
            for k in i..<(i + digits) {
                guard s[k] >= 48, s[k] <= 57 else { return nil }
                value = value * 10 + Int(s[k] - 48)
            }
            i += digits
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = number(4), expect(45), let mo = number(2), expect(45), let d = number(2) else { return nil }
        var hour = 0, minute = 0, second = 0, hasTime = false
        var offset = offsetSeconds
        if i < s.count, s[i] == 32 || s[i] == 84 || s[i] == 116 { // ' ', 'T' or 't'
            i += 1
            guard let h = number(2), expect(58), let mi = number(2) else { return nil }
            hour = h; minute = mi; hasTime = true
            if i < s.count, s[i] == 58 {
                i += 1
                guard let sec = number(2) else { return nil }
                second = sec
                if i < s.count, s[i] == 46 { // .fraction
                    i += 1
                    let start = i
                    while i < s.count, s[i] >= 48, s[i] <= 57 { i += 1 }
                    guard i > start else { return nil }
                }
            }
            while i < s.count, s[i] == 32 { i += 1 }
            if i < s.count {
                if s[i] == 90 || s[i] == 122 { // Z or z
                    offset = 0; i += 1
                } else if s[i] == 43 || s[i] == 45 { // + or -
                    let sign = s[i] == 45 ? -1 : 1
                    i += 1
                    // One or two digits of hours, as YAML's timestamps allow (-5, +08).
                    let twoDigits = i + 1 < s.count && s[i + 1] >= 48 && s[i + 1] <= 57
                    guard let oh = number(twoDigits ? 2 : 1), oh <= 14 else { return nil }
                    var om = 0
                    if i < s.count {
                        _ = expect(58)
                        guard let m = number(2), m < 60 else { return nil }
                        om = m
                    }
                    offset = sign * (oh * 3600 + om * 60)
                }
            }
        }
        guard i == s.count else { return nil }
        return ChinaTime(year: y, month: mo, day: d, hour: hour, minute: minute, second: second,
                         offsetSeconds: offset, hasTime: hasTime)
    }

    // Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Day of week in China time, 0 = Sunday.
    public var weekday: Int {
        let local = epochSeconds + Int64(Self.offsetSeconds)
        let days = Int64((Double(local) / 86_400).rounded(.down))
        return Int(((days % 7) + 11) % 7) // 1970-01-01 was a Thursday (4)
    }
}

private func pad(_ n: Int, _ width: Int = 2) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension StringProtocol {
    /// Without leading and trailing white space.
    var trimmingSpaces: String {
        // Most text starts and ends with a character that is one non-space scalar: nothing
        // to trim, and no Unicode property lookups (Character.isWhitespace) to find that out.
        if let first = unicodeScalars.first, let last = unicodeScalars.last,
           ChineseText.isOwnCharacter(first), !ChineseText.isSpace(first),
           ChineseText.isOwnCharacter(last), !ChineseText.isSpace(last) {
            return String(self)
        }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
