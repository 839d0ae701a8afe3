import KithFormats

extension Digest {
    /// The digest as HTML for mail clients: inline CSS for the light look, a style sheet for narrow screens and
    /// dark mode (clients that drop it keep the light look), tables, no scripts or remote images, every value
    /// from the input escaped. Fluid up to 600 px (Outlook on Windows, which knows no `max-width`, is held there
    /// by its conditional comments); nothing is wider than a 360 px screen.
    package var html: String {
        var body = ""
        body += "<h1 class=\"k-text\" style=\"font-size:20px;margin:0 0 4px 0;color:#222\">Your network, "
        body += "\(Self.escape(Self.span(weekStart, weekEnd, withYear: true)))</h1>\n"
        body += "<p class=\"k-muted\" style=\"margin:0 0 8px 0;color:#666;font-size:13px\">Week \(Self.escape(week))"
        body += " · \(Self.escape(Plural.of(items.count, "person", "people")))</p>\n"
        for section in sections where !section.items.isEmpty {
            body += "<h2 class=\"k-head\" style=\"font-size:16px;margin:20px 0 4px 0;color:#2a5d84\">"
            body += "\(Self.escape(section.title))</h2>\n"
            body += Self.table("width:100%;border-collapse:collapse")
            for item in section.items { body += itemRow(item) }
            body += "</table>\n"
        }
        if items.isEmpty { body += "<p class=\"k-text\" style=\"color:#444\">Nothing needs you this week.</p>\n" }
        body += statisticsHTML
        body += footerHTML
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
            <meta name="x-apple-disable-message-reformatting">
            <title>\(Self.escape(subject))</title>
            <style>
            \(Self.styleSheet)</style></head>
            <body class="k-page" style="margin:0;padding:0;background:#f6f6f6">
            \(Self.table("width:100%;background:#f6f6f6", class: "k-page"))<tr><td align="center" style="padding:0">
            <!--[if mso]><table role="presentation" width="600" align="center"><tr><td><![endif]-->
            \(Self.table(
                "width:100%;max-width:600px;background:#ffffff;color:#222;font-family:Helvetica,Arial,sans-serif;"
                    + "font-size:14px;line-height:1.45",
                class: "k-card"
            ))<tr><td class="k-pad" style="padding:24px;overflow-wrap:anywhere;word-break:break-word">
            \(body)</td></tr></table>
            <!--[if mso]></td></tr></table><![endif]-->
            </td></tr></table>
            </body></html>

            """
    }

    /// Narrow screens get less padding; dark mode (`prefers-color-scheme`) gets its own colours over the inline
    /// light ones, hence `!important`.
    static let styleSheet = """
        :root { color-scheme: light dark; supported-color-schemes: light dark; }
        @media (max-width: 480px) { .k-pad { padding: 16px 12px !important; } }
        @media (prefers-color-scheme: dark) {
          .k-page { background: #121212 !important; }
          .k-card { background: #1e1e1e !important; color: #e4e4e4 !important; }
          .k-text { color: #e4e4e4 !important; }
          .k-muted { color: #a8a8a8 !important; }
          .k-quiet { color: #8a8a8a !important; }
          .k-head, .k-link { color: #8cc4ee !important; }
          .k-rule { border-color: #333333 !important; }
          .k-bar { background: #4f7fa6 !important; }
          .k-bar-met { background: #4caf72 !important; }
          .k-goal { border-color: #d9a24a !important; }
        }

        """

    static func table(_ style: String, class name: String? = nil) -> String {
        "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\""
            + (name.map { " class=\"\($0)\"" } ?? "") + " style=\"\(style)\">"
    }

    /// A numbered person: name (a mailto link), the context, a line per nudge, and the sources as a footnote.
    private func itemRow(_ item: Item) -> String {
        var row = "<tr><td class=\"k-rule\" style=\"padding:8px 0;border-bottom:1px solid #eeeeee\">"
        row += "<div><span class=\"k-muted\" style=\"color:#888\">\(item.number).</span> "
        if let email = item.emails.first {
            row += "<a class=\"k-link\" href=\"mailto:\(Self.escape(email))\" "
            row += "style=\"color:#2a5d84;font-weight:bold;text-decoration:none\">\(Self.escape(item.name))</a>"
        } else {
            row += "<b class=\"k-text\">\(Self.escape(item.name))</b>"
        }
        row += "</div>"
        for context in item.context {
            row += "<div class=\"k-muted\" style=\"color:#666;font-size:13px\">\(Self.escape(context))</div>"
        }
        if item.nudges.count == 1 {
            row += "<div class=\"k-text\" style=\"color:#222\">\(Self.escape(item.lead.reason))</div>"
        } else {
            row += "<ul style=\"margin:2px 0;padding:0 0 0 18px\">"
            for nudge in item.nudges {
                row += "<li class=\"k-text\" style=\"color:#222\">\(Self.escape(nudge.reason))</li>"
            }
            row += "</ul>"
        }
        let sources = item.sources.map { Self.escape($0.location) }
        if !sources.isEmpty {
            row += "<div class=\"k-quiet\" style=\"color:#999;font-size:11px;margin-top:2px\">From "
            row += sources.joined(separator: ", ") + "</div>"
        }
        return row + "</td></tr>\n"
    }

    private var statisticsHTML: String {
        let stats = statistics
        let lastWeek = Self.span(stats.lastWeek, stats.lastWeek.adding(days: 6), withYear: false)
        var html = "<h2 class=\"k-head\" style=\"font-size:16px;margin:24px 0 8px 0;color:#2a5d84\">"
        html += "Your week in people</h2>\n<p class=\"k-text\" style=\"margin:0 0 4px 0;color:#222\">"
        html += "Last week (\(Self.escape(lastWeek))) you met <b>\(Plural.of(stats.metLastWeek, "person", "people"))"
        html += "</b>; your goal is \(stats.weeklyGoal).<br>This week: \(Self.escape(thisWeek))<br>"
        html += "\(Plural.of(stats.people, "person", "people")) in your network, "
        html += "\(stats.overdue) of them overdue (past their rhythm).</p>\n"
        return html + chart
    }

    /// Height of the chart's tallest bar, in pixels.
    private static let chartHeight = 60

    /// The 12-week bar chart from table cells (mail clients show no scripts or SVG reliably): the count over
    /// each bar, a dashed line at the goal, the week's first day under it, and a legend.
    private var chart: String {
        let stats = statistics
        let (counts, goal, height) = (stats.weeklyCounts, stats.weeklyGoal, Self.chartHeight)
        let top = max(counts.max() ?? 0, goal, 1)
        let goalHeight = goal * height / top
        func block(_ pixels: Int, _ style: String = "", class name: String? = nil) -> String {
            let classText = name.map { " class=\"\($0)\"" } ?? ""
            return "<div\(classText) style=\"height:\(pixels)px;font-size:0;line-height:0;\(style)\"></div>"
        }
        let line = "border-bottom:1px dashed #c8963e"
        var numbers = ""
        var bars = ""
        var labels = ""
        for (index, (start, count)) in zip(stats.weekStarts, counts).enumerated() {
            let barHeight = count == 0 ? 0 : max(3, count * height / top)
            let isMet = goal > 0 && count >= goal
            let bar = "margin:0 3px;background:\(isMet ? "#3c8d5a" : "#9cc3e0")"
            let barClass = isMet ? "k-bar-met" : "k-bar"
            var column = ""
            if goal == 0 {
                column = block(height - barHeight) + block(barHeight, bar, class: barClass)
            } else if barHeight <= goalHeight {
                column = block(height - goalHeight, line, class: "k-goal") + block(goalHeight - barHeight)
                column += block(barHeight, bar, class: barClass)
            } else {
                // The goal line runs across the bar.
                column = "<div class=\"k-goal\" style=\"\(line)\">" + block(height - barHeight)
                column += block(barHeight - goalHeight, bar, class: barClass) + "</div>"
                column += block(goalHeight, bar, class: barClass)
            }
            numbers += "<td class=\"k-muted\" style=\"padding:0;text-align:center;font-size:10px;color:#666\">"
            numbers += "\(count)</td>"
            bars += "<td valign=\"bottom\" style=\"padding:0\">\(column)</td>"
            // The month under the first week of the chart and under each week a month begins in.
            let month = index == 0 || start.day <= 7 ? "<br>\(Self.months[start.month - 1])" : ""
            labels += "<td class=\"k-quiet\" style=\"padding:2px 0 0 0;text-align:center;font-size:10px;"
            labels += "line-height:1.2;color:#999\">\(start.day)\(month)</td>"
        }
        var html = Self.table("width:100%;max-width:420px;table-layout:fixed;border-collapse:collapse")
        html += "<tr>\(numbers)</tr><tr>\(bars)</tr><tr>\(labels)</tr></table>\n"
        html += "<p class=\"k-quiet\" style=\"color:#888;font-size:11px;margin:6px 0 0 0\">People met per week, "
        html += "the weeks starting \(Self.escape(Self.dayAndMonth(stats.weekStarts[0]))) to "
        html += "\(Self.escape(Self.dayAndMonth(stats.lastWeek))). "
        html += "<span class=\"k-goal\" style=\"display:inline-block;width:16px;vertical-align:middle;\(line)\">"
        html += "</span> your goal of \(goal); green: goal met.</p>\n"
        return html
    }

    private var footerHTML: String {
        var paragraphs = items.isEmpty ? [] : [Self.codeSpans(Self.escape(Self.howToAct))]
        for note in notes {
            paragraphs.append(([note.heading] + note.lines).map(Self.escape).joined(separator: "<br>"))
        }
        guard !paragraphs.isEmpty else { return "" }
        return "<hr class=\"k-rule\" style=\"border:none;border-top:1px solid #dddddd;margin:24px 0 8px 0\">\n"
            + paragraphs.map { "<p class=\"k-quiet\" style=\"color:#888;font-size:12px;margin:0 0 8px 0\">\($0)</p>\n" }
            .joined()
    }

    /// Text between backticks as `<code>`, in text already escaped.
    static func codeSpans(_ escaped: String) -> String {
        var result = ""
        var open = false
        for character in escaped {
            guard character == "`" else {
                result.append(character)
                continue
            }
            result += open ? "</code>" : "<code style=\"font-size:11px\">"
            open.toggle()
        }
        return result + (open ? "</code>" : "")
    }

    /// Escapes text for HTML element content and attribute values.
    package static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case _ where PrintableText.isControl(scalar): result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
