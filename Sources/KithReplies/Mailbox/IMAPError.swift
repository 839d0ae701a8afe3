import KithCurl

/// Why an IMAP session with the reply mailbox failed, and whether trying again later may help.
package struct IMAPError: Error, Sendable, Hashable, CustomStringConvertible {
    package struct Code: RawRepresentable, Sendable, Hashable {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        /// The URL is not `imaps://host/MAILBOX` (or `imap://` without leave to use it).
        package static let badURL = Code(rawValue: "bad-url")
        /// The server could not be reached, or the connection broke: worth a retry.
        package static let connection = Code(rawValue: "connection")
        /// The certificate did not verify, or TLS could not be set up: never retried over less.
        package static let tls = Code(rawValue: "tls")
        package static let login = Code(rawValue: "login")
        /// The mailbox's UIDVALIDITY changed, or the message is gone: the caller starts its count again.
        package static let uidValidityChanged = Code(rawValue: "uidvalidity-changed")
        /// The message is larger than `ReplyMessage.maximumBytes`.
        package static let tooLarge = Code(rawValue: "too-large")
        /// The server refused a command, or answered what Kith cannot read.
        package static let server = Code(rawValue: "server")
    }

    package var code: Code
    package var message: String
    package var curl: CurlError?

    package init(_ code: Code, _ message: String, curl: CurlError? = nil) {
        self.code = code
        self.message = message
        self.curl = curl
    }

    /// Whether the same request may work later (a connection failure or a timeout).
    package var isTemporary: Bool { code == .connection }

    package var description: String { curl.map { "\(message): \($0)" } ?? message }

    /// What a libcurl failure means for the mailbox.
    static func from(_ error: CurlError, doing what: String) -> IMAPError {
        switch error.code {
        case .peerFailedVerification, .sslCACertBadFile, .useSSLFailed, .sslConnectError:
            IMAPError(.tls, "\(what): TLS failed; nothing is read over an unverified connection", curl: error)
        case .loginDenied: IMAPError(.login, "\(what): login refused", curl: error)
        case .urlMalformat, .unsupportedProtocol: IMAPError(.badURL, "\(what): bad mailbox URL", curl: error)
        case .remoteFileNotFound:
            IMAPError(
                .uidValidityChanged,
                "\(what): the mailbox's UIDVALIDITY changed or the message is gone",
                curl: error
            )
        case .fileSizeExceeded, .writeError: IMAPError(.tooLarge, "\(what): message too large", curl: error)
        case .quoteError, .uploadFailed: IMAPError(.server, "\(what): the server refused", curl: error)
        default: IMAPError(.connection, what, curl: error)
        }
    }
}
