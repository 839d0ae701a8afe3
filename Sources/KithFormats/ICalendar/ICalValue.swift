/// A DATE or DATE-TIME value as written (RFC 5545 §3.3.4, §3.3.5), before its zone is resolved.
package struct WrittenTime: Hashable, Sendable {
    package enum Reference: Hashable, Sendable {
        /// Ends in `Z`.
        case utc
        /// No zone: the same wall time wherever the reader is.
        case floating
        /// `TZID=…`, as written (quotes removed).
        case tzid(String)
    }

    package var local: CivilDateTime
    package var isDate: Bool
    package var reference: Reference

    package init(local: CivilDateTime, isDate: Bool, reference: Reference) {
        self.local = local
        self.isDate = isDate
        self.reference = reference
    }

    /// Parses `YYYYMMDD`, `YYYYMMDDTHHMMSS` or `YYYYMMDDTHHMMSSZ` (also with `-` and `:` separators,
    /// which some producers write). Nil when the text is none of these or names no real date.
    package static func parse(_ bytes: some Collection<UInt8>, tzid: String?) -> WrittenTime? {
        // The fourteen digits accumulate into fixed fields: no allocation on this hot path.
        var digitCount = 0
        var datePart = 0
        var timePart = 0
        var sawT = false
        var sawZ = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard !sawZ, digitCount < 14 else { return nil }
                if digitCount < 8 {
                    datePart = datePart * 10 + Int(byte - 0x30)
                } else {
                    timePart = timePart * 10 + Int(byte - 0x30)
                }
                digitCount += 1
            case UInt8(ascii: "T"), UInt8(ascii: "t"):
                guard digitCount == 8, !sawT else { return nil }
                sawT = true
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                guard sawT, !sawZ else { return nil }
                sawZ = true
            case UInt8(ascii: "-"), UInt8(ascii: ":"):
                continue
            case 0x20, 0x09:
                continue
            default:
                return nil
            }
        }
        guard digitCount == 8 || (sawT && digitCount == 14) else { return nil }
        let date = CivilDate(year: datePart / 10_000, month: datePart / 100 % 100, day: datePart % 100)
        guard date.isValid else { return nil }
        if !sawT {
            return WrittenTime(local: CivilDateTime(date: date, secondOfDay: 0), isDate: true, reference: .floating)
        }
        let hour = timePart / 10_000
        let minute = timePart / 100 % 100
        var second = timePart % 100
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        if second == 60 { second = 59 }  // a leap second names the last second of its minute
        let local = CivilDateTime(date: date, hour: hour, minute: minute, second: second)
        let reference: Reference
        if sawZ {
            reference = .utc
        } else if let tzid, !tzid.isEmpty {
            reference = .tzid(tzid)
        } else {
            reference = .floating
        }
        return WrittenTime(local: local, isDate: false, reference: reference)
    }
}

/// A DURATION value (RFC 5545 §3.3.6): days are nominal (calendar days), the rest exact seconds.
package struct ICalDuration: Hashable, Sendable {
    package var days: Int
    package var seconds: Int

    package init(days: Int, seconds: Int) {
        self.days = days
        self.seconds = seconds
    }

    /// Parses `[+-]P[nW][nD][T[nH][nM][nS]]`; nil when malformed.
    package static func parse(_ bytes: some Collection<UInt8>) -> ICalDuration? {
        var iterator = bytes.makeIterator()
        var sign = 1
        var byte = iterator.next()
        while let b = byte, ASCII.isSpace(b) { byte = iterator.next() }
        if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
            if byte == UInt8(ascii: "-") { sign = -1 }
            byte = iterator.next()
        }
        guard let p = byte, ASCII.upper(p) == UInt8(ascii: "P") else { return nil }
        var days = 0
        var seconds = 0
        var number: Int? = nil
        var inTime = false
        var sawPart = false
        while let next = iterator.next() {
            if ASCII.isDigit(next) {
                number = (number ?? 0) * 10 + Int(next - 0x30)
                guard number! < 100_000_000 else { return nil }
                continue
            }
            switch ASCII.upper(next) {
            case UInt8(ascii: "T"):
                guard number == nil, !inTime else { return nil }
                inTime = true
                continue
            case UInt8(ascii: "W") where !inTime: days += 7 * (number ?? -1)
            case UInt8(ascii: "D") where !inTime: days += number ?? -1
            case UInt8(ascii: "H") where inTime: seconds += 3600 * (number ?? -1)
            case UInt8(ascii: "M") where inTime: seconds += 60 * (number ?? -1)
            case UInt8(ascii: "S") where inTime: seconds += number ?? -1
            case 0x20, 0x09, 0x0D, 0x0A: continue
            default: return nil
            }
            guard number != nil else { return nil }
            // Each part is below 10^8, so one step cannot overflow; the totals stay within ten thousand years.
            guard days <= Limits.maxDurationDays, seconds <= Limits.maxDurationDays * 86_400 else { return nil }
            number = nil
            sawPart = true
        }
        guard sawPart, number == nil else { return nil }
        return ICalDuration(days: sign * days, seconds: sign * seconds)
    }
}

/// A UTC-OFFSET value (RFC 5545 §3.3.14): `+hhmm` or `+hhmmss`, in seconds east of UTC.
package enum UTCOffset {
    package static func parse(_ bytes: some Collection<UInt8>) -> Int? {
        var sign = 0
        var digits: [Int] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "+") where sign == 0 && digits.isEmpty: sign = 1
            case UInt8(ascii: "-") where sign == 0 && digits.isEmpty: sign = -1
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(Int(byte - 0x30))
            case UInt8(ascii: ":"), 0x20, 0x09: continue
            default: return nil
            }
        }
        guard sign != 0, digits.count == 4 || digits.count == 6 else { return nil }
        let hours = digits[0] * 10 + digits[1]
        let minutes = digits[2] * 10 + digits[3]
        let seconds = digits.count == 6 ? digits[4] * 10 + digits[5] : 0
        guard hours < 24, minutes < 60, seconds < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60 + seconds)
    }
}
