import KithFormats

extension Digest {
    /// The digest as HTML for mail clients: inline CSS, tables, no scripts or remote images, every value from
    /// the input escaped.
    package var html: String {
        var body = ""
        body += "<h1 style=\"font-size:20px;margin:0 0 16px 0;color:#222\">Your network this week "
        body += "<span style=\"color:#888;font-weight:normal\">\(Self.escape(slot))</span></h1>\n"
        for section in sections where !section.nudges.isEmpty {
            body +=
                "<h2 style=\"font-size:16px;margin:20px 0 8px 0;color:#2a5d84\">\(Self.escape(section.title))</h2>\n"
            body +=
                "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%;border-collapse:collapse\">\n"
            for nudge in section.nudges {
                body += "<tr><td style=\"padding:6px 0;border-bottom:1px solid #eee\">"
                if let email = nudge.emails.first {
                    body +=
                        "<a href=\"mailto:\(Self.escape(email))\" style=\"color:#2a5d84;font-weight:bold;text-decoration:none\">"
                    body += "\(Self.escape(nudge.name))</a><br>"
                } else {
                    body += "<b>\(Self.escape(nudge.name))</b><br>"
                }
                body += "<span style=\"color:#222\">\(Self.escape(nudge.reason))</span>"
                for context in nudge.context {
                    body += "<br><span style=\"color:#666;font-size:13px\">\(Self.escape(context))</span>"
                }
                if let source = nudge.sources.first {
                    body += "<br><span style=\"color:#aaa;font-size:11px\">\(Self.escape(source.location))</span>"
                }
                body += "</td></tr>\n"
            }
            body += "</table>\n"
        }
        if nudges.isEmpty { body += "<p style=\"color:#444\">Nothing needs you this week.</p>\n" }
        let stats = statistics
        body += "<h2 style=\"font-size:16px;margin:20px 0 8px 0;color:#2a5d84\">Your week in people</h2>\n"
        body +=
            "<p style=\"margin:0 0 8px 0;color:#222\">Met <b>\(stats.metThisWeek)</b> of \(stats.weeklyGoal) this week; "
        body +=
            "\(stats.metThisMonth) this month. \(stats.people) people in your network, \(stats.overdue) overdue.</p>\n"
        body += chart
        if !unreadable.isEmpty || !waitingMail.isEmpty {
            body +=
                "<hr style=\"border:none;border-top:1px solid #ddd;margin:20px 0\">\n<p style=\"color:#888;font-size:12px\">"
            body +=
                (unreadable.map { "Could not read " + Self.escape($0.description) }
                + waitingMail.map { "Waiting to be resent: " + Self.escape($0) }).joined(separator: "<br>")
            body += "</p>\n"
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(Self.escape(subject))</title></head>
            <body style="margin:0;padding:0;background:#f6f6f6">
            <table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;background:#f6f6f6"><tr><td align="center">
            <table role="presentation" cellpadding="0" cellspacing="0" style="width:600px;max-width:100%;background:#ffffff;\
            font-family:Helvetica,Arial,sans-serif;font-size:14px;line-height:1.4"><tr><td style="padding:24px">
            \(body)</td></tr></table>
            </td></tr></table>
            </body></html>

            """
    }

    /// The 12-week bar chart, built from table cells (mail clients show no scripts or SVG reliably).
    private var chart: String {
        let counts = statistics.weeklyCounts
        let top = max(counts.max() ?? 0, statistics.weeklyGoal, 1)
        var cells = ""
        for count in counts {
            let height = count == 0 ? 2 : max(4, count * 60 / top)
            cells +=
                "<td valign=\"bottom\" style=\"padding:0 2px\"><div title=\"\(count)\" style=\"width:18px;height:\(height)px;"
            cells += "background:\(count >= statistics.weeklyGoal ? "#3c8d5a" : "#9cc3e0")\"></div></td>"
        }
        return
            "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"height:64px\"><tr>\(cells)</tr></table>\n"
            + "<p style=\"color:#888;font-size:11px;margin:4px 0 0 0\">People met per week, last 12 weeks</p>\n"
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
