internal import CCurl

/// A libcurl failure, with what curl and the server said about it.
///
/// `code` is curl's result; `detail` the text curl wrote into the handle's error buffer, which names the
/// host, the port or the certificate ("Failed to connect to 127.0.0.1 port 9 after 0 ms: Could not connect to
/// server"); `responseCode` and `serverReply` what the server last answered, when it answered at all.
package struct CurlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A `CURLcode`, as a Swift value.
    package struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        package var rawValue: UInt32

        package init(rawValue: UInt32) { self.rawValue = rawValue }

        init(_ code: CURLcode) { self.init(rawValue: code.rawValue) }

        package static let failedInit = Code(CURLE_FAILED_INIT)
        package static let unsupportedProtocol = Code(CURLE_UNSUPPORTED_PROTOCOL)
        package static let urlMalformat = Code(CURLE_URL_MALFORMAT)
        package static let couldNotResolveHost = Code(CURLE_COULDNT_RESOLVE_HOST)
        package static let couldNotConnect = Code(CURLE_COULDNT_CONNECT)
        package static let operationTimedOut = Code(CURLE_OPERATION_TIMEDOUT)
        package static let loginDenied = Code(CURLE_LOGIN_DENIED)
        package static let useSSLFailed = Code(CURLE_USE_SSL_FAILED)
        package static let sslConnectError = Code(CURLE_SSL_CONNECT_ERROR)
        package static let peerFailedVerification = Code(CURLE_PEER_FAILED_VERIFICATION)
        package static let sslCACertBadFile = Code(CURLE_SSL_CACERT_BADFILE)
        package static let sendError = Code(CURLE_SEND_ERROR)
        package static let receiveError = Code(CURLE_RECV_ERROR)
        package static let unknownOption = Code(CURLE_UNKNOWN_OPTION)
        package static let writeError = Code(CURLE_WRITE_ERROR)
        package static let fileSizeExceeded = Code(CURLE_FILESIZE_EXCEEDED)
        package static let tooManyRedirects = Code(CURLE_TOO_MANY_REDIRECTS)
        package static let partialFile = Code(CURLE_PARTIAL_FILE)
        package static let badContentEncoding = Code(CURLE_BAD_CONTENT_ENCODING)
        /// IMAP: the mailbox's UIDVALIDITY is not the one the URL names (`;UIDVALIDITY=`), or no such message.
        package static let remoteFileNotFound = Code(CURLE_REMOTE_FILE_NOT_FOUND)
        /// IMAP: the server answered a custom command with NO or BAD.
        package static let quoteError = Code(CURLE_QUOTE_ERROR)
        /// An upload (IMAP APPEND) the server refused.
        package static let uploadFailed = Code(CURLE_UPLOAD_FAILED)

        /// curl's sentence for the code (`curl_easy_strerror`): "Could not connect to server".
        package var description: String { String(cString: curl_easy_strerror(CURLcode(rawValue: rawValue))) }
    }

    package var code: Code
    /// The handle's error buffer (CURLOPT_ERRORBUFFER); empty when curl wrote nothing there.
    package var detail: String
    /// CURLINFO_RESPONSE_CODE: the last SMTP reply code or HTTP status; 0 when the server did not answer.
    package var responseCode: Int
    /// The server's reply that says why: its first 4xx or 5xx line, else its last line; empty when none.
    package var serverReply: String

    package init(_ code: Code, detail: String = "", responseCode: Int = 0, serverReply: String = "") {
        self.code = code
        self.detail = detail
        self.responseCode = responseCode
        self.serverReply = serverReply
    }

    package var description: String {
        var text = detail.isEmpty ? code.description : "\(code): \(detail)"
        if !serverReply.isEmpty { text += " (server: \(serverReply))" }
        return text
    }
}
