/// Reads compiled IANA time zone files (TZif, RFC 8536) and their POSIX TZ footer.
package enum TZif {
    /// Builds zone rules from TZif bytes; transitions after the table's end come from the footer rule,
    /// extended to `Limits.maxYear`. Nil when the data is not TZif.
    package static func rules(identifier: String, data: [UInt8]) -> ZoneRules? {
        guard data.count >= 44, data[0] == 0x54, data[1] == 0x5A, data[2] == 0x69, data[3] == 0x66 else { return nil }
        let version = data[4]
        guard let first = Block(data: data, offset: 0, timeSize: 4) else { return nil }
        var block = first
        var footerStart = first.end
        if version >= 0x32, let second = Block(data: data, offset: first.end, timeSize: 8) {
            block = second
            footerStart = second.end
        }
        var transitions: [(at: Int, offset: Int)] = []
        for (index, at) in block.times.enumerated() {
            let type = block.typeIndices[index]
            guard type < block.offsets.count else { return nil }
            transitions.append((at, block.offsets[type]))
        }
        // RFC 8536 §3.2: without transitions, local time type 0 applies; before the first, type 0 too.
        let initial = block.offsets.first ?? 0
        if version >= 0x32, footerStart < data.count, data[footerStart] == 0x0A {
            let rest = data[(footerStart + 1)...]
            if let newline = rest.firstIndex(of: 0x0A),
                let rule = PosixTZ(String(decoding: rest[..<newline], as: UTF8.self))
            {
                let lastInstant = transitions.last?.at ?? Int.min
                let startYear = lastInstant == Int.min ? 1900 : CivilDateTime(secondsSinceEpoch: lastInstant).date.year
                // From 1800 at the earliest (no footer rule is older), so that a table ending at a clamped
                // instant does not cost millions of years; nothing past `Limits.maxYear`.
                for year in Swift.max(startYear, 1800)...Swift.max(Limits.maxYear, 1800)
                where year <= Limits.maxYear {
                    for transition in rule.transitions(in: year) where transition.at > lastInstant {
                        transitions.append(transition)
                    }
                }
                if transitions.isEmpty { return .fixed(rule.standardOffset, identifier: identifier) }
            }
        }
        return ZoneRules(identifier: identifier, initialOffset: initial, transitions: transitions)
    }

    private struct Block {
        var times: [Int] = []
        var typeIndices: [Int] = []
        var offsets: [Int] = []
        var end = 0

        init?(data: [UInt8], offset: Int, timeSize: Int) {
            func count(_ at: Int) -> Int { Int(TZif.int32(data, at)) }
            let header = offset
            guard header + 44 <= data.count else { return nil }
            let isUTCCount = count(header + 20)
            let isStdCount = count(header + 24)
            let leapCount = count(header + 28)
            let timeCount = count(header + 32)
            let typeCount = count(header + 36)
            let charCount = count(header + 40)
            // RFC 8536 §3.1: the counts are unsigned; a negative one (top bit set) is no TZif header.
            guard isUTCCount >= 0, isStdCount >= 0, leapCount >= 0, timeCount >= 0, typeCount >= 0, charCount >= 0
            else { return nil }
            var cursor = header + 44
            let size =
                timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4)
                + isStdCount + isUTCCount
            guard cursor + size <= data.count else { return nil }
            for index in 0..<timeCount {
                let at = cursor + index * timeSize
                // Kept within ±2^50 s (35 million years): arithmetic on instants then cannot overflow.
                let time = timeSize == 8 ? Int(TZif.int64(data, at)) : Int(TZif.int32(data, at))
                times.append(Swift.min(Swift.max(time, -TZif.maxInstant), TZif.maxInstant))
            }
            cursor += timeCount * timeSize
            for index in 0..<timeCount { typeIndices.append(Int(data[cursor + index])) }
            cursor += timeCount
            // RFC 8536 §3.2: utoff is within -25 … +26 hours.
            for index in 0..<typeCount {
                let offset = Int(TZif.int32(data, cursor + index * 6))
                guard (-93_600...93_600).contains(offset) else { return nil }
                offsets.append(offset)
            }
            end = header + 44 + size
        }
    }

    /// Instants are clamped to ±2^50 seconds when read.
    static let maxInstant = 1 << 50

    static func int32(_ data: [UInt8], _ at: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(data[at]) << 24 | UInt32(data[at + 1]) << 16 | UInt32(data[at + 2]) << 8
                | UInt32(data[at + 3])
        )
    }

    static func int64(_ data: [UInt8], _ at: Int) -> Int64 {
        Int64(
            bitPattern: UInt64(UInt32(bitPattern: int32(data, at))) << 32
                | UInt64(UInt32(bitPattern: int32(data, at + 4)))
        )
    }
}

/// A POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3` (the TZif footer, POSIX.1 §8.3).
struct PosixTZ {
    /// Offsets in seconds east of UTC (POSIX writes them west, with the sign flipped).
    var standardOffset: Int
    var daylightOffset: Int?
    var start: DateRule?
    var end: DateRule?

    enum DateRule {
        case julianNoLeap(Int)  // Jn: 1...365, Feb 29 never counted
        case zeroBased(Int)  // n: 0...365
        case monthWeekDay(month: Int, week: Int, weekday: Int)  // Mm.w.d, d 0 = Sunday
    }

    private var startTime = 7200
    private var endTime = 7200

    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.skipName(), let standard = scanner.offset() else { return nil }
        standardOffset = -standard
        guard !scanner.atEnd else { return }
        guard scanner.skipName() else { return nil }
        if let daylight = scanner.offset() {
            daylightOffset = -daylight
        } else {
            daylightOffset = standardOffset + 3600
        }
        // Without rules (legacy "EST5EDT"), only the standard offset is known for sure.
        guard scanner.take(UInt8(ascii: ",")), let start = scanner.dateRule() else { return }
        self.start = start
        if scanner.take(UInt8(ascii: "/")) {
            guard let time = scanner.offset() else { return nil }
            startTime = time
        }
        guard scanner.take(UInt8(ascii: ",")), let end = scanner.dateRule() else { return nil }
        self.end = end
        if scanner.take(UInt8(ascii: "/")) {
            guard let time = scanner.offset() else { return nil }
            endTime = time
        }
    }

    /// The (at most two) transitions of `year`, as UTC instants with the offset that starts there.
    func transitions(in year: Int) -> [(at: Int, offset: Int)] {
        guard let daylight = daylightOffset, let start, let end else { return [] }
        // The change to daylight time happens at a wall time read in standard time, and back in daylight time.
        let onset = Self.day(of: start, in: year) * 86_400 + startTime - standardOffset
        let offset = Self.day(of: end, in: year) * 86_400 + endTime - daylight
        return [(onset, daylight), (offset, standardOffset)]
    }

    private static func day(of rule: DateRule, in year: Int) -> Int {
        let january1 = CivilDate(year: year, month: 1, day: 1).daysSinceEpoch
        switch rule {
        case .julianNoLeap(let n):
            let leapShift = CivilDate.isLeap(year) && n >= 60 ? 1 : 0
            return january1 + n - 1 + leapShift
        case .zeroBased(let n):
            return january1 + n
        case .monthWeekDay(let month, let week, let weekday):
            let first = CivilDate(year: year, month: month, day: 1)
            let firstWeekday = (first.weekday + 1) % 7  // to 0 = Sunday
            var day = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let length = CivilDate.daysIn(month: month, year: year)
            while day > length { day -= 7 }
            return first.daysSinceEpoch + day - 1
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { index >= bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A zone abbreviation: letters, or `<…>` quoted.
        mutating func skipName() -> Bool {
            if take(UInt8(ascii: "<")) {
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                return take(UInt8(ascii: ">"))
            }
            let start = index
            while index < bytes.count, (bytes[index] | 0x20) >= UInt8(ascii: "a"),
                (bytes[index] | 0x20) <= UInt8(ascii: "z")
            {
                index += 1
            }
            return index - start >= 3
        }

        mutating func number() -> Int? {
            let start = index
            var value = 0
            while index < bytes.count, ASCII.isDigit(bytes[index]) {
                // POSIX numbers here are hours (≤ 167), days (≤ 365) and the like: four digits are plenty.
                guard index - start < 4 else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            return index > start ? value : nil
        }

        /// `[+-]hh[:mm[:ss]]` in seconds.
        mutating func offset() -> Int? {
            var sign = 1
            if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
            guard let hours = number() else { return nil }
            var seconds = hours * 3600
            if take(UInt8(ascii: ":")) {
                guard let minutes = number() else { return nil }
                seconds += minutes * 60
                if take(UInt8(ascii: ":")) {
                    guard let secs = number() else { return nil }
                    seconds += secs
                }
            }
            return sign * seconds
        }

        mutating func dateRule() -> DateRule? {
            if take(UInt8(ascii: "M")) {
                guard let month = number(), take(UInt8(ascii: ".")), let week = number(), take(UInt8(ascii: ".")),
                    let weekday = number(), (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday)
                else { return nil }
                return .monthWeekDay(month: month, week: week, weekday: weekday)
            }
            if take(UInt8(ascii: "J")) {
                guard let n = number(), (1...365).contains(n) else { return nil }
                return .julianNoLeap(n)
            }
            guard let n = number(), (0...365).contains(n) else { return nil }
            return .zeroBased(n)
        }
    }
}
