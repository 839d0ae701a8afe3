import KithCurl
import KithSystem

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

    /// What failed underneath: curl's result with the server's reply, or a system call.
    package enum Cause: Sendable, Hashable {
        case curl(CurlError)
        case system(SystemCallError)
    }

    package var kind: Kind
    package var message: String
    package var cause: Cause?

    package init(_ kind: Kind, _ message: String, cause: Cause? = nil) {
        self.kind = kind
        self.message = message
        self.cause = cause
    }

    package var description: String { "\(kind.rawValue) failure: \(message)" }
}

/// Something that takes a rendered message and delivers it.
package protocol Transport: Sendable {
    /// Delivers the message; returns what the other side said (a server reply, a file name).
    func deliver(_ message: [UInt8], envelope: Envelope) throws(DeliveryError) -> String
}
