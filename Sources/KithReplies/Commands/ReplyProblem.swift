/// Why a line of a reply was not taken as a command: reported back to the sender, never guessed at.
package struct ReplyProblem: Error, Sendable, Hashable, CustomStringConvertible {
    package struct Code: RawRepresentable, Sendable, Hashable {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        /// The first word is no command.
        package static let unknownCommand = Code(rawValue: "unknown-command")
        /// The item number is missing or not a number.
        package static let badItem = Code(rawValue: "bad-item")
        /// A number the digest has no item for.
        package static let noSuchItem = Code(rawValue: "no-such-item")
        package static let badDate = Code(rawValue: "bad-date")
        package static let badDuration = Code(rawValue: "bad-duration")
        /// `note N` without text.
        package static let missingText = Code(rawValue: "missing-text")
        /// Words after a command that takes none.
        package static let extraWords = Code(rawValue: "extra-words")
    }

    package var code: Code
    /// A sentence for the sender: what is wrong with the line and what would be right.
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code.rawValue): \(message)" }
}
