import KithFormats

/// An address for a header: a display name (any text) and an addr-spec.
package struct MailAddress: Sendable, Hashable {
    package var name: String?
    package var address: String

    package init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }
}

/// An e-mail message as a value, rendered to RFC 5322 / MIME bytes by `render()`. Pure.
///
/// Nothing taken from input files can create or change a header: display names and the subject are
/// stripped of control characters and written as RFC 2047 encoded-words when not plain ASCII; addresses are
/// refused unless they are plain addr-specs.
package struct MailMessage: Sendable {
    package struct Attachment: Sendable {
        package var filename: String
        /// Full MIME type with parameters, e.g. `text/calendar; charset=utf-8; method=PUBLISH`.
        package var contentType: String
        package var data: [UInt8]

        package init(filename: String, contentType: String, data: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    package var from: MailAddress
    package var to: [MailAddress]
    package var subject: String
    /// UTC instant of the Date header.
    package var date: Int
    /// Offset east of UTC (seconds) the Date header is written in.
    package var dateOffset: Int
    /// Without angle brackets: `digest-2026-W49-1a2b3c@example.org`.
    package var messageID: String
    package var text: String
    package var html: String?
    package var attachments: [Attachment] = []
    /// Extra headers Kith sets itself (`X-Kith-Slot`); names must be plain tokens.
    package var extraHeaders: [(String, String)] = []

    package init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        date: Int,
        dateOffset: Int,
        messageID: String,
        text: String,
        html: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.dateOffset = dateOffset
        self.messageID = messageID
        self.text = text
        self.html = html
    }

    package enum RenderError: Error, Sendable, Hashable, CustomStringConvertible {
        case badAddress(String)
        case badHeaderName(String)

        package var description: String {
            switch self {
            case .badAddress(let address): "\"\(address)\" is not a plain e-mail address"
            case .badHeaderName(let name): "\"\(name)\" is not a header name"
            }
        }
    }
}
