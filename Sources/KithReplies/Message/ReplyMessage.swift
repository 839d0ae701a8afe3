/// A reply to a digest, read from its bytes (RFC 5322 and MIME): who sent it, what it answers, and its text.
///
/// Reading never fails: a field that is missing or unreadable is nil or empty, and the safety check
/// (`ReplyGate`) refuses a message that lacks what it needs.
package struct ReplyMessage: Sendable, Hashable {
    /// Messages longer than this are not read (a reply of commands is a few kilobytes; attachments are not
    /// wanted).
    package static let maximumBytes = 4 << 20
    /// How deep multiparts may nest, and how many parts one may have, before the rest is ignored.
    static let maximumDepth = 8
    static let maximumParts = 64

    /// The Message-ID, without its angle brackets; nil when absent.
    package var messageID: String?
    /// The message IDs of In-Reply-To, without angle brackets (RFC 5322 §3.6.4).
    package var inReplyTo: [String]
    /// The message IDs of References, oldest first.
    package var references: [String]
    /// The address of From, in lower case; nil when there is none. Only the first mailbox of a list counts.
    package var from: String?
    /// The Auto-Submitted value (RFC 3834 §5), its keyword in lower case without comments; nil when absent.
    package var autoSubmitted: String?
    package var subject: String?
    /// The text the sender wrote and what it quotes: text/plain, else text/html turned into text.
    package var text: String
    /// Whether `text` came from HTML because there was no text/plain part.
    package var textFromHTML: Bool

    /// Reads `bytes` (at most `maximumBytes` of them are looked at).
    package init(_ bytes: [UInt8]) {
        let message = MIMEEntity(bytes.prefix(Self.maximumBytes))
        messageID = message.value("message-id").flatMap { Self.messageIDs($0).first }
        inReplyTo = message.value("in-reply-to").map(Self.messageIDs) ?? []
        references = message.value("references").map(Self.messageIDs) ?? []
        from = message.text("from").flatMap(Self.address)
        autoSubmitted = message.value("auto-submitted").map { value in
            let keyword = value.prefix { $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "(") }
            return String(decoding: ByteText.trimmed(keyword), as: UTF8.self).lowercased()
        }
        subject = message.text("subject")
        var found = FoundText()
        found.collect(message, depth: 0)
        if let plain = found.plain {
            text = plain
            textFromHTML = false
        } else if let html = found.html {
            text = HTMLText.plainText(html)
            textFromHTML = true
        } else {
            text = ""
            textFromHTML = false
        }
    }

    /// The `<id>` tokens of a field (RFC 5322 §3.6.4), without brackets; comments and junk between them skipped.
    static func messageIDs(_ value: ArraySlice<UInt8>) -> [String] {
        var ids: [String] = []
        var index = value.startIndex
        while let open = value[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard let close = value[open...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let id = ByteText.trimmed(value[(open + 1)..<close])
            if !id.isEmpty { ids.append(String(decoding: id, as: UTF8.self)) }
            index = close + 1
        }
        // Some senders write a bare id without brackets; take it when there are none at all.
        if ids.isEmpty {
            let bare = String(decoding: ByteText.trimmed(value), as: UTF8.self)
            if bare.contains("@"), !bare.contains(" ") { ids.append(bare) }
        }
        return ids
    }

    /// The address of the first mailbox in a From value: inside `<…>` when there is one, else the word with
    /// an `@`; quoted display names (which may hold `<` or `@`) are skipped. Lower case.
    static func address(_ value: String) -> String? {
        var outside = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                escaped = false
                continue
            }
            if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if !quoted {
                outside.append(character)
            }
        }
        if let open = outside.firstIndex(of: "<"), let close = outside[open...].firstIndex(of: ">") {
            let inner = outside[outside.index(after: open)..<close].trimmingBlanks()
            return inner.contains("@") ? inner.lowercased() : nil
        }
        let word = outside.split { $0 == " " || $0 == "," || $0 == "\t" }.first { $0.contains("@") }
        return word.map { $0.trimmingBlanks().lowercased() }
    }
}

/// The first text/plain and the first text/html of a message, in order, attachments and forwarded messages
/// skipped.
private struct FoundText {
    var plain: String?
    var html: String?
    var partsSeen = 0

    mutating func collect(_ entity: MIMEEntity, depth: Int) {
        partsSeen += 1
        guard depth <= ReplyMessage.maximumDepth, partsSeen <= ReplyMessage.maximumParts, !entity.isAttachment
        else { return }
        let type = entity.contentType
        if type.isMultipart {
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty else { return }
            for part in entity.parts(boundary: boundary, limit: ReplyMessage.maximumParts) {
                collect(part, depth: depth + 1)
                if plain != nil { return }
            }
            return
        }
        guard type.type == "text" else { return }
        let charset = type.parameters["charset"]
        if type.subtype == "plain", plain == nil {
            let text = Charset.decode(entity.decodedBody, charset: charset)
            if type.parameters["format"]?.lowercased() == "flowed" {
                plain = FlowedText.unflow(text, deleteSpace: type.parameters["delsp"]?.lowercased() == "yes")
            } else {
                plain = text
            }
        } else if type.subtype == "html", html == nil {
            html = Charset.decode(entity.decodedBody, charset: charset)
        }
    }
}
