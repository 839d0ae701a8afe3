/// What the sender of a reply wrote themselves: the text above (and between) what they quote, without their
/// signature.
///
/// Lines that begin with `>` are quotes wherever they are. Everything from the first of these on is the
/// quoted message or a signature, and goes:
/// - an attribution line, wrapped over up to four lines: Gmail's "On Thu, Dec 3, 2026 at 9:12 AM Kith
///   <…> wrote:", Apple Mail's "On 3 Dec 2026, at 09:12, Kith <…> wrote:", Thunderbird's "On 12/3/26
///   09:12, Kith wrote:", and their German, French, Spanish, Finnish, Swedish and Dutch forms;
/// - Outlook's "-----Original Message-----", its `____` rule, and a header block of "From:" followed within a
///   few lines by "Sent:"/"Date:" and "Subject:"/"To:";
/// - "Begin forwarded message:" and Gmail's "---------- Forwarded message ---------";
/// - a signature delimiter, `-- ` (RFC 3676 §4.3) or `--`, and mobile signatures ("Sent from my iPhone",
///   "Get Outlook for iOS").
package enum ReplyText {
    /// A line of the new text and its line number in the body (from 1), for reporting back.
    package struct Line: Sendable, Hashable {
        package var number: Int
        package var text: String
    }

    /// How many lines an attribution or Outlook header block may be wrapped over.
    static let wrappedLines = 4

    private static let attributionStarts = ["on ", "am ", "le ", "el ", "op ", "den ", "il ", "em "]
    /// The verb of an attribution, which ends it ("… wrote:") or comes before the name ("… schrieb Kith <…>:").
    private static let attributionVerbs = [
        "wrote", "schrieb", "a écrit", "escribió", "kirjoitti", "skrev", "schreef", "ha scritto", "escreveu",
    ]

    /// The sender's own lines of `body`, blank ones included, in order.
    package static func newLines(of body: String) -> [Line] {
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var kept: [Line] = []
        for (offset, line) in lines.enumerated() {
            if startsQuote(lines, at: offset) { break }
            if line.trimmingBlanks().hasPrefix(">") { continue }
            kept.append(Line(number: offset + 1, text: line))
        }
        return kept
    }

    /// Whether the quoted message or the signature begins at line `index`.
    static func startsQuote(_ lines: [String], at index: Int) -> Bool {
        let line = lines[index]
        if line == "-- " || line == "--" { return true }
        let trimmed = line.trimmingBlanks()
        let lower = trimmed.lowercased()
        if lower.hasPrefix("sent from my ") || lower.hasPrefix("get outlook for ") { return true }
        if lower.hasPrefix("begin forwarded message") { return true }
        let undashed = lower.filter { $0 != "-" && $0 != " " }
        if lower.hasPrefix("--"), undashed == "originalmessage" || undashed == "forwardedmessage" { return true }
        if trimmed.count >= 20, trimmed.allSatisfy({ $0 == "_" }) { return true }
        if isOutlookHeader(lines, at: index) { return true }
        return isAttribution(lines, at: index)
    }

    /// "On … wrote:", maybe wrapped: the line, or it joined with the next few non-empty ones, starts with "On"
    /// (or its translation), names the verb, and ends with a colon.
    private static func isAttribution(_ lines: [String], at index: Int) -> Bool {
        let first = lines[index].trimmingBlanks().lowercased()
        guard attributionStarts.contains(where: first.hasPrefix) else { return false }
        var joined = ""
        for next in index..<min(lines.count, index + wrappedLines) {
            let part = lines[next].trimmingBlanks().lowercased()
            if part.isEmpty { return false }
            joined += (joined.isEmpty ? "" : " ") + part
            if joined.hasSuffix(":"), attributionVerbs.contains(where: { joined.contains($0) }) { return true }
        }
        return false
    }

    /// Outlook's labels, in English, German, French, Finnish, Swedish and Spanish.
    private static let fromLabels = ["from:", "von:", "de:", "de :", "lähettäjä:", "från:"]
    private static let sentLabels = [
        "sent:", "date:", "gesendet:", "datum:", "envoyé:", "envoyé :", "lähetetty:", "skickat:", "enviado:", "fecha:",
    ]
    private static let subjectLabels = [
        "subject:", "to:", "betreff:", "an:", "objet:", "objet :", "à:", "à :", "aihe:", "ämne:", "asunto:", "para:",
    ]

    /// Outlook's header block: "From: …", then within a few lines "Sent:" (or "Date:") and "Subject:" or "To:".
    /// The labels may be bold in text made from HTML (`*From:*`).
    private static func isOutlookHeader(_ lines: [String], at index: Int) -> Bool {
        func label(_ line: String) -> String {
            line.trimmingBlanks().lowercased().filter { $0 != "*" }
        }
        let first = label(lines[index])
        guard fromLabels.contains(where: first.hasPrefix) else { return false }
        var sent = false
        var subject = false
        for next in (index + 1)..<min(lines.count, index + 2 + wrappedLines) {
            let text = label(lines[next])
            if sentLabels.contains(where: text.hasPrefix) { sent = true }
            if subjectLabels.contains(where: text.hasPrefix) { subject = true }
        }
        return sent && subject
    }
}
