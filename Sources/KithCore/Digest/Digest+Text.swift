import KithFormats

extension Digest {
    /// The digest as plain text that reads well at 72 columns, without control characters from the files.
    package var text: String { PrintableText.printable(composedText) }

    private var composedText: String {
        var lines = ["Kith — your network, \(Self.span(weekStart, weekEnd, withYear: true)) (week \(week))", ""]
        for section in sections where !section.items.isEmpty {
            lines.append(section.title.uppercased())
            for item in section.items { lines += itemLines(item) }
            lines.append("")
        }
        if items.isEmpty { lines += ["Nothing needs you this week.", ""] }
        lines += statisticsLines
        var footer = items.isEmpty ? [] : Self.wrap(Self.howToAct, indent: "")
        for note in notes {
            if !footer.isEmpty { footer.append("") }
            footer.append(note.heading)
            for line in note.lines { footer += Self.wrap("  " + line, indent: "    ") }
        }
        if !footer.isEmpty { lines += ["", "-- "] + footer }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The ISO week number of the slot, "49".
    var week: String { slot.split(separator: "W").last.map { String(Int($0) ?? 0) } ?? slot }

    /// "2. Aino Virtanen <aino@…>", the context once, a line per nudge, and where it comes from.
    private func itemLines(_ item: Item) -> [String] {
        let address = item.emails.first.map { " <\($0)>" } ?? ""
        var lines = Self.wrap("\(item.number). \(item.name)\(address)", indent: "   ")
        // Who they are belongs to the person, above what to do about them.
        for context in item.context { lines += Self.wrap("   " + context, indent: "     ") }
        for nudge in item.nudges { lines += Self.wrap("   - " + nudge.reason, indent: "     ") }
        let sources = item.sources.map(\.location)
        if !sources.isEmpty {
            lines += Self.wrap("   (from " + sources.joined(separator: ", ") + ")", indent: "    ")
        }
        return lines
    }

    private var statisticsLines: [String] {
        let stats = statistics
        let lastWeek = Self.span(stats.lastWeek, stats.lastWeek.adding(days: 6), withYear: false)
        var lines = ["YOUR WEEK IN PEOPLE"]
        lines += Self.wrap(
            "Last week (\(lastWeek)) you met \(Plural.of(stats.metLastWeek, "person", "people")); "
                + "your goal is \(stats.weeklyGoal).",
            indent: ""
        )
        lines += Self.wrap("This week: \(thisWeek)", indent: "")
        lines += Self.wrap(
            "\(Plural.of(stats.people, "person", "people")) in your network, "
                + "\(stats.overdue) of them overdue (past their rhythm).",
            indent: ""
        )
        lines.append("")
        lines.append("People met per week (┆ your goal of \(stats.weeklyGoal), ✓ when met):")
        lines += Self.chart(stats.weeklyCounts, starts: stats.weekStarts, goal: stats.weeklyGoal)
        return lines
    }

    /// How wide the text chart's longest bar is, in characters.
    static let chartWidth = 30

    /// A line per week: its first day, a bar with the goal marked where the bar falls short of it, the count.
    static func chart(_ counts: [Int], starts: [CivilDate], goal: Int) -> [String] {
        let top = max(counts.max() ?? 0, goal, 1)
        let width = min(top, chartWidth)
        let goalColumn = goal * width / top
        return zip(starts, counts).map { start, count in
            let length = count == 0 ? 0 : max(1, count * width / top)
            let bar = (1...width).map { column in
                column <= length ? "█" : column == goalColumn ? "┆" : " "
            }
            let label = dayAndMonth(start)
            let met = goal > 0 && count >= goal ? " ✓" : ""
            return "  " + String(repeating: " ", count: 6 - label.count) + label + "  " + bar.joined()
                + "  \(count)\(met)"
        }
    }

    /// "met 1 so far, 2 more booked", "2 people booked", "nothing booked yet".
    var thisWeek: String {
        let (met, booked) = (statistics.metThisWeek, statistics.bookedThisWeek)
        switch (met, booked) {
        case (0, 0): return "nothing booked yet."
        case (0, _): return "\(Plural.of(booked, "person", "people")) booked."
        case (_, 0): return "met \(Plural.of(met, "person", "people")) so far."
        default: return "met \(Plural.of(met, "person", "people")) so far, \(booked) more booked."
        }
    }

    /// What the reader can do about a nudge.
    static let howToAct =
        "Acted on one? A meeting in your calendar counts by itself; otherwise run `kith done NAME` "
        + "(or `kith met NAME --on DAY`). Not now: `kith snooze NAME 3w`. Never: `kith ignore NAME`. "
        + "Whoever is shown and not acted on rests a few weeks. nudges.ics has these as tasks."

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
