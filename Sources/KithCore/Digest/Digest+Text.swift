import KithFormats

extension Digest {
    /// The digest as plain text that reads well at 72 columns, without control characters from the files.
    package var text: String { PrintableText.printable(composedText) }

    private var composedText: String {
        var lines: [String] = ["Kith — your network this week (\(slot))", ""]
        for section in sections where !section.nudges.isEmpty {
            lines.append(section.title.uppercased())
            for nudge in section.nudges {
                lines.append(contentsOf: Self.wrap("- " + nudge.reason, indent: "  "))
                for context in nudge.context { lines.append(contentsOf: Self.wrap("  " + context, indent: "    ")) }
                if let source = nudge.sources.first {
                    lines.append(
                        contentsOf: Self.wrap(
                            "  (" + ([nudge.emails.first].compactMap { $0 } + [source.location]).joined(separator: ", ")
                                + ")",
                            indent: "   "
                        )
                    )
                }
            }
            lines.append("")
        }
        if nudges.isEmpty { lines += ["Nothing needs you this week.", ""] }
        let stats = statistics
        lines.append("YOUR WEEK IN PEOPLE")
        lines.append("Met \(stats.metThisWeek) of \(stats.weeklyGoal) this week; \(stats.metThisMonth) this month.")
        lines.append("\(stats.people) people in your network, \(stats.overdue) overdue.")
        let top = max(stats.weeklyCounts.max() ?? 0, 1)
        lines.append("Last 12 weeks: " + stats.weeklyCounts.map { Self.bar($0, top: top) }.joined())
        if !unreadable.isEmpty || !waitingMail.isEmpty {
            lines.append("")
            lines.append("-- ")
            for diagnostic in unreadable {
                lines.append(contentsOf: Self.wrap("Could not read \(diagnostic.description)", indent: "  "))
            }
            for mail in waitingMail {
                lines.append(contentsOf: Self.wrap("Waiting to be resent: \(mail)", indent: "  "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func bar(_ value: Int, top: Int) -> String {
        let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        guard value > 0 else { return " " }
        return String(levels[min(levels.count - 1, (value * levels.count - 1) / top)])
    }

    /// Wraps at 72 columns on spaces, keeping the text's own indentation; continuation lines get `indent`.
    static func wrap(_ text: String, indent: String, width: Int = 72) -> [String] {
        let lead = String(text.prefix { $0 == " " })
        var lines: [String] = []
        var current = lead
        for word in text.dropFirst(lead.count).split(separator: " ") {
            let candidate = current.allSatisfy(\.isWhitespace) ? current + word : current + " " + word
            if candidate.count > width, !current.allSatisfy(\.isWhitespace) {
                lines.append(current)
                current = indent + word
            } else {
                current = candidate
            }
        }
        if !current.allSatisfy(\.isWhitespace) { lines.append(current) }
        return lines
    }
}
