/// Decides whether a reply may be acted on (DESIGN.md, invariant 6): it must answer a digest Kith sent, come
/// from the owner, and not be written by a machine.
///
/// A digest's Message-ID holds a random secret, so only someone who received the digest can name it; From
/// alone can be forged, the secret alone could leak through a forward, so both are required.
package struct ReplyGate: Sendable {
    /// Why a reply is not acted on.
    package enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// Neither In-Reply-To nor References names a digest Kith sent.
        case notAReplyToADigest
        /// From is missing, or not one of `me.emails` (the address, in lower case).
        case notFromOwner(String?)
        /// Auto-Submitted is present and not `no` (RFC 3834 §5): an autoresponder, a vacation notice, a bounce.
        case automatic(String)

        /// A stable name for logs and the state's record of replies handled.
        package var code: String {
            switch self {
            case .notAReplyToADigest: "not-a-reply"
            case .notFromOwner: "not-from-owner"
            case .automatic: "automatic"
            }
        }

        package var description: String {
            switch self {
            case .notAReplyToADigest: "it answers no digest Kith sent (In-Reply-To and References name none)"
            case .notFromOwner(let from?): "it is from \(from), which is not one of me.emails"
            case .notFromOwner(nil): "it has no From address"
            case .automatic(let value): "it was sent automatically (Auto-Submitted: \(value))"
            }
        }
    }

    /// The Message-IDs of the digests sent, without angle brackets.
    package var digestMessageIDs: Set<String>
    /// The owner's addresses (`me.emails`), compared without regard to case.
    package var ownerEmails: Set<String>

    package init(digestMessageIDs: Set<String>, ownerEmails: [String]) {
        self.digestMessageIDs = Set(digestMessageIDs.map(Self.unbracketed))
        self.ownerEmails = Set(ownerEmails.map { $0.lowercased() })
    }

    /// The Message-ID of the digest `reply` answers; or why it is refused. An automatic reply is refused first,
    /// then one from someone else, then one that names no digest. In-Reply-To wins over References; among
    /// References the last (most recent) digest named.
    package func check(_ reply: ReplyMessage) -> Result<String, Refusal> {
        if let value = reply.autoSubmitted, value != "no" { return .failure(.automatic(value)) }
        guard let from = reply.from, ownerEmails.contains(from) else { return .failure(.notFromOwner(reply.from)) }
        for id in reply.inReplyTo + reply.references.reversed() where digestMessageIDs.contains(id) {
            return .success(id)
        }
        return .failure(.notAReplyToADigest)
    }

    private static func unbracketed(_ id: String) -> String {
        var text = Substring(id.trimmingBlanks())
        if text.first == "<", text.last == ">" { text = text.dropFirst().dropLast() }
        return String(text)
    }
}
