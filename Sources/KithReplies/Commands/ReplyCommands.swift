import KithCore
import KithFormats

/// The commands of a reply, one per line, in order; a line that is none is kept with its problem.
package struct ReplyCommands: Sendable, Hashable {
    /// A line of the reply's new text and what it was read as.
    package struct Entry: Sendable, Hashable {
        /// The line number in the reply's text (from 1).
        package var line: Int
        /// The line as written, trimmed.
        package var text: String
        package var result: Result<ReplyCommand, ReplyProblem>
    }

    /// Lines read at most: a reply is a handful of commands, not a letter to act on line by line.
    package static let maximumLines = 100

    package var entries: [Entry]

    /// The commands read, in order.
    package var commands: [ReplyCommand] {
        entries.compactMap { try? $0.result.get() }
    }

    /// The lines reported back, with their problems.
    package var problems: [(line: Int, text: String, problem: ReplyProblem)] {
        entries.compactMap { entry in
            guard case .failure(let problem) = entry.result else { return nil }
            return (entry.line, entry.text, problem)
        }
    }

    /// Reads the new text of a reply's body (`ReplyText.newLines`): blank lines are skipped, the quoted rest was
    /// dropped already. `today` is the user's day, in their time zone, that dates are read from;
    /// `itemCount` the number of nudges in the digest replied to (a larger N is a problem).
    package init(body: String, today: CivilDate, itemCount: Int) {
        self.init(lines: ReplyText.newLines(of: body), today: today, itemCount: itemCount)
    }

    package init(lines: [ReplyText.Line], today: CivilDate, itemCount: Int) {
        var entries: [Entry] = []
        for line in lines {
            let text = line.text.trimmingBlanks()
            if text.isEmpty { continue }
            guard entries.count < Self.maximumLines else { break }
            let parser = LineParser(today: today, itemCount: itemCount)
            entries.append(Entry(line: line.number, text: text, result: parser.parse(text)))
        }
        self.entries = entries
    }
}

/// Reads one line: `verb N arguments…`, the verb in any case.
private struct LineParser {
    var today: CivilDate
    var itemCount: Int

    func parse(_ text: String) -> Result<ReplyCommand, ReplyProblem> {
        let verb = text.prefix { !$0.isWhitespace }.lowercased()
        switch verb {
        case "help", "?":
            return .success(.help)
        case "done":
            let words = words(text, 3)
            return item(words).map { .done(item: $0, note: words.count > 2 ? words[2] : nil) }
        case "met":
            let words = words(text, 4)
            return item(words).flatMap { item in
                guard words.count > 2 else {
                    return .failure(ReplyProblem(.badDate, "say when: met \(item) DATE (\(DateExpression.forms))"))
                }
                return date(words[2], .past).map { .met(item: item, on: $0, note: words.count > 3 ? words[3] : nil) }
            }
        case "snooze":
            let words = words(text, 4)
            return item(words).flatMap { item in snooze(item, words) }
        case "ignore":
            let words = words(text, 3)
            return item(words).flatMap { item in
                guard words.count == 2 else {
                    return .failure(ReplyProblem(.extraWords, "ignore takes only the item number: ignore \(item)"))
                }
                return .success(.ignore(item: item))
            }
        case "note":
            let words = words(text, 3)
            return item(words).flatMap { item in
                guard words.count > 2 else {
                    return .failure(ReplyProblem(.missingText, "write the note after the number: note \(item) TEXT"))
                }
                return .success(.note(item: item, text: words[2]))
            }
        case "every":
            let words = words(text, 4)
            return item(words).flatMap { item in
                guard words.count == 3 else {
                    return .failure(ReplyProblem(.badDuration, "say how often: every \(item) DURATION (3w, 2mo, 1y)"))
                }
                return duration(words[2]).map { .every(item: item, $0) }
            }
        default:
            let forms = ReplyCommand.usage.joined(separator: ", ")
            return .failure(ReplyProblem(.unknownCommand, "not a command; write one of: \(forms)"))
        }
    }

    /// The line split at blanks into at most `count` words, the last one holding the rest of the line.
    private func words(_ text: String, _ count: Int) -> [String] {
        text.split(maxSplits: count - 1, omittingEmptySubsequences: true, whereSeparator: \.isWhitespace).map {
            $0.trimmingBlanks()
        }
    }

    /// The item number: `2`, `#2`, `2.`, `2,`; within the digest.
    private func item(_ words: [String]) -> Result<Int, ReplyProblem> {
        let verb = words[0].lowercased()
        guard words.count > 1 else {
            return .failure(ReplyProblem(.badItem, "say which item: \(verb) N, N being its number in the digest"))
        }
        var word = Substring(words[1])
        if word.first == "#" { word = word.dropFirst() }
        if let last = word.last, last == "." || last == "," || last == ":" { word = word.dropLast() }
        guard !word.isEmpty, word.count <= 4, word.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(word)
        else {
            return .failure(ReplyProblem(.badItem, "\"\(words[1])\" is not an item number: \(verb) N"))
        }
        guard number >= 1, number <= itemCount else {
            let had = itemCount == 1 ? "1 item" : "\(itemCount) items"
            return .failure(ReplyProblem(.noSuchItem, "the digest has no item \(number) (it had \(had))"))
        }
        return .success(number)
    }

    private func snooze(_ item: Int, _ words: [String]) -> Result<ReplyCommand, ReplyProblem> {
        guard words.count > 2 else {
            return .failure(ReplyProblem(.badDuration, "say how long: snooze \(item) 2w, or snooze \(item) until DATE"))
        }
        if words[2].lowercased() == "until" {
            guard words.count == 4 else {
                return .failure(ReplyProblem(.badDate, "say until when: snooze \(item) until DATE"))
            }
            return date(words[3], .future).map { .snooze(item: item, .until($0)) }
        }
        guard words.count == 3 else {
            return .failure(ReplyProblem(.extraWords, "snooze takes one duration: snooze \(item) 2w"))
        }
        guard let duration = ConfigDuration.parse(words[2]) else {
            if DateExpression.parse(words[2], today: today, direction: .future) != nil {
                return .failure(
                    ReplyProblem(.badDuration, "\"\(words[2])\" is a day: write snooze \(item) until \(words[2])")
                )
            }
            return .failure(ReplyProblem(.badDuration, "\"\(words[2])\" is not a duration (3d, 2w, 1mo)"))
        }
        return .success(.snooze(item: item, .duration(duration)))
    }

    private func date(_ word: String, _ direction: DateExpression.Direction) -> Result<DateExpression, ReplyProblem> {
        guard let date = DateExpression.parse(word, today: today, direction: direction) else {
            return .failure(ReplyProblem(.badDate, "\"\(word)\" is not a date (\(DateExpression.forms))"))
        }
        return .success(date)
    }

    private func duration(_ word: String) -> Result<ConfigDuration, ReplyProblem> {
        guard let duration = ConfigDuration.parse(word) else {
            return .failure(ReplyProblem(.badDuration, "\"\(word)\" is not a duration (3d, 2w, 1mo)"))
        }
        return .success(duration)
    }
}
