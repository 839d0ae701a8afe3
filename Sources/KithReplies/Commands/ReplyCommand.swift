import KithCore

/// One thing a reply to a digest asks for. `item` is the number of the nudge in the digest replied to (from 1).
package enum ReplyCommand: Sendable, Hashable {
    /// How long, or until when, to snooze.
    package enum Snooze: Sendable, Hashable {
        case duration(ConfigDuration)
        /// A day on or after which the person comes back; weekdays look ahead.
        case until(DateExpression)
    }

    /// `done N [note]`: the nudge was acted on today.
    case done(item: Int, note: String?)
    /// `met N DATE [note]`: met on that day; weekdays look back.
    case met(item: Int, on: DateExpression, note: String?)
    /// `snooze N 2w`, `snooze N until friday`.
    case snooze(item: Int, Snooze)
    /// `ignore N`: never nudge about this person again.
    case ignore(item: Int)
    /// `note N TEXT`: a note kept with the person.
    case note(item: Int, text: String)
    /// `every N 3w`: this person's cadence from now on.
    case every(item: Int, ConfigDuration)
    /// `help`: send back what can be written.
    case help

    /// The digest item it is about; nil for `help`.
    package var item: Int? {
        switch self {
        case .done(let item, _), .met(let item, _, _), .snooze(let item, _), .ignore(let item), .note(let item, _),
            .every(let item, _):
            item
        case .help: nil
        }
    }

    /// The forms, for the help text and for messages that report a line back.
    package static let usage = [
        "done N [note]", "met N DATE [note]", "snooze N DURATION", "snooze N until DATE", "ignore N", "note N TEXT",
        "every N DURATION", "help",
    ]
}
