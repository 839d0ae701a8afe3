/// Who the message goes from and to, as the transport needs it (the SMTP envelope).
package struct Envelope: Sendable, Hashable, Codable {
    package var from: String
    package var to: [String]

    package init(from: String, to: [String]) {
        self.from = from
        self.to = to
    }
}

/// Why a delivery did not happen, and whether trying again may help.
package struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable, Codable {
        /// Worth retrying: a 4xx reply, a connection failure, a timeout.
        case temporary
        /// Retrying will not help: a 5xx reply, a refused certificate, a bad configuration.
        case permanent
    }

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { "\(kind.rawValue) failure: \(message)" }
}

/// Something that takes a rendered message and delivers it.
package protocol Transport: Sendable {
    /// Delivers the message; returns what the other side said (a server reply, a file name).
    func deliver(_ message: [UInt8], envelope: Envelope) throws(DeliveryError) -> String
}
