import Foundation
import KithCurl

/// SMTP through libcurl: `smtp://` with STARTTLS required (unless `tls = "none"`), or `smtps://`.
///
/// The decision to retry is made from the server's last reply code, not only from curl's result: 4xx replies
/// and connection failures are temporary, 5xx replies, refused logins and certificates that do not verify
/// are permanent (the message is never sent over an unverified connection).
package struct SMTPTransport: Transport {
    package struct Options: Sendable {
        package var url: String
        package var username: String?
        package var password: String?
        /// Require TLS (STARTTLS on `smtp://`); false only with `tls = "none"`.
        package var requireTLS = true
        package var caFile: String?
        package var connectTimeout = 30
        package var timeout = 60

        package init(url: String) { self.url = url }
    }

    package let options: Options

    package init(_ options: Options) { self.options = options }

    /// `curl_global_init`, once, from the executable's start (libcurl wants it before any thread exists).
    package static func initializeLibrary() {
        CurlLibrary.initialize()
    }

    package func deliver(_ message: [UInt8], envelope: Envelope) throws(DeliveryError) -> String {
        let session: CurlEasy
        do {
            session = try CurlEasy()
        } catch {
            throw DeliveryError(.temporary, "libcurl could not start a session", cause: .curl(error))
        }
        do {
            try configure(session, message: message, envelope: envelope)
        } catch {
            throw DeliveryError(.permanent, "libcurl refused an option: \(error.code)", cause: .curl(error))
        }
        do {
            try session.perform()
        } catch {
            throw Self.deliveryError(error)
        }
        return session.lastReply.isEmpty ? "\(session.responseCode) accepted" : session.lastReply
    }

    private func configure(_ session: CurlEasy, message: [UInt8], envelope: Envelope) throws(CurlError) {
        try session.set(.url, options.url)
        try session.set(.mailFrom, "<\(envelope.from)>")
        try session.set(.mailRecipients, try CurlStringList(envelope.to.map { "<\($0)>" }))
        try session.upload(message)
        try session.set(.connectTimeout, options.connectTimeout)
        try session.set(.timeout, options.timeout)
        try session.requireTLS(options.requireTLS)
        try session.set(.verifyPeer, 1)
        try session.set(.verifyHost, 2)
        if let caFile = options.caFile { try session.set(.caFile, caFile) }
        if let username = options.username { try session.set(.username, username) }
        if let password = options.password { try session.set(.password, password) }
    }

    /// Whether a failed session is worth retrying, and how to say it.
    static func deliveryError(_ error: CurlError) -> DeliveryError {
        let reply = error.serverReply
        var code = error.responseCode
        if let replyCode = Int(reply.prefix(3)), replyCode >= 400 { code = replyCode }
        let what = error.code.description + (reply.isEmpty ? "" : " (server: \(reply))")
        switch error.code {
        case .peerFailedVerification, .sslCACertBadFile, .useSSLFailed, .sslConnectError:
            return DeliveryError(
                .permanent,
                "TLS: \(what); not sent over an unverified or unencrypted connection",
                cause: .curl(error)
            )
        case .loginDenied:
            return DeliveryError(.permanent, "login refused: \(what)", cause: .curl(error))
        case .urlMalformat, .unsupportedProtocol:
            return DeliveryError(.permanent, "bad mail.url: \(what)", cause: .curl(error))
        default:
            return DeliveryError(code >= 500 ? .permanent : .temporary, what, cause: .curl(error))
        }
    }
}
