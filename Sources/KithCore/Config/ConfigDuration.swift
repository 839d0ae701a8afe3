/// A length of time written in the config as a string: `"36h"`, `"10d"`, `"3w"`, `"2mo"`, `"1y"`, `"90s"`,
/// `"15m"`, or several parts (`"1w3d"`). Months and years are calendar units; the rest exact.
package struct ConfigDuration: Sendable, Hashable, CustomStringConvertible {
    package var months: Int
    package var seconds: Int

    package init(months: Int = 0, seconds: Int = 0) {
        self.months = months
        self.seconds = seconds
    }

    package static func days(_ count: Int) -> ConfigDuration { ConfigDuration(seconds: count * 86_400) }
    package static func hours(_ count: Int) -> ConfigDuration { ConfigDuration(seconds: count * 3600) }

    /// An approximate length in seconds (a month as 30 days, a year as 365), for ordering and ratios.
    package var approximateSeconds: Int { months * 30 * 86_400 + seconds }

    /// Whether it is no time at all (`"0s"`, `"0d"`): "none" where a setting allows it.
    package var isZero: Bool { months == 0 && seconds == 0 }

    /// Parses the text; nil when it is not a duration, or when it is zero and `allowingZero` is false.
    package static func parse(_ text: String, allowingZero: Bool = false) -> ConfigDuration? {
        var months = 0
        var seconds = 0
        var number: Int? = nil
        var unit = ""
        var parts = 0
        func flush() -> Bool {
            guard let value = number else { return unit.isEmpty }
            switch unit {
            case "s": seconds += value
            case "m", "min": seconds += value * 60
            case "h": seconds += value * 3600
            case "d": seconds += value * 86_400
            case "w": seconds += value * 7 * 86_400
            case "mo": months += value
            case "y": months += value * 12
            default: return false
            }
            parts += 1
            number = nil
            unit = ""
            return true
        }
        for character in text.lowercased() {
            if let digit = character.wholeNumberValue, character.isASCII {
                if !unit.isEmpty { guard flush() else { return nil } }
                number = (number ?? 0) * 10 + digit
                guard number! < 1_000_000 else { return nil }
            } else if character.isLetter, number != nil {
                unit.append(character)
            } else {
                return nil
            }
        }
        guard flush(), parts > 0, allowingZero || months + seconds > 0 else { return nil }
        return ConfigDuration(months: months, seconds: seconds)
    }

    package var description: String {
        var text = ""
        if months > 0 { text += months % 12 == 0 ? "\(months / 12)y" : "\(months)mo" }
        var rest = seconds
        for (size, name) in [(7 * 86_400, "w"), (86_400, "d"), (3600, "h"), (60, "m"), (1, "s")] where rest >= size {
            text += "\(rest / size)\(name)"
            rest %= size
        }
        return text.isEmpty ? "0s" : text
    }
}
