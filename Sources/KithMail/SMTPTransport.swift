internal import CCurl
import Foundation

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
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }

    package func deliver(_ message: [UInt8], envelope: Envelope) throws(DeliveryError) -> String {
        guard let handle = CurlHandle() else { throw DeliveryError(.temporary, "libcurl could not start a session") }
        let context = TransferContext(body: message)
        let recipients = StringList(envelope.to.map { "<\($0)>" })
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        let pointer = unmanaged.toOpaque()
        let raw = handle.raw
        var status = CURLE_OK
        func set(_ result: CURLcode) { if status == CURLE_OK { status = result } }
        set(ccurl_setopt_string(raw, CURLOPT_URL, options.url))
        set(ccurl_setopt_string(raw, CURLOPT_MAIL_FROM, "<\(envelope.from)>"))
        set(ccurl_setopt_slist(raw, CURLOPT_MAIL_RCPT, recipients.raw))
        set(ccurl_setopt_long(raw, CURLOPT_UPLOAD, 1))
        set(ccurl_setopt_long(raw, CURLOPT_INFILESIZE_LARGE, Int(message.count)))
        set(ccurl_setopt_read_function(raw, readCallback))
        set(ccurl_setopt_pointer(raw, CURLOPT_READDATA, pointer))
        set(ccurl_setopt_long(raw, CURLOPT_VERBOSE, 1))
        set(ccurl_setopt_debug_function(raw, debugCallback))
        set(ccurl_setopt_pointer(raw, CURLOPT_DEBUGDATA, pointer))
        // Signals are not for libraries: timeouts without SIGALRM (SIGPIPE is ignored by the executable).
        set(ccurl_setopt_long(raw, CURLOPT_NOSIGNAL, 1))
        set(ccurl_setopt_long(raw, CURLOPT_CONNECTTIMEOUT, options.connectTimeout))
        set(ccurl_setopt_long(raw, CURLOPT_TIMEOUT, options.timeout))
        set(
            ccurl_setopt_long(
                raw,
                CURLOPT_USE_SSL,
                Int(options.requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue)
            )
        )
        set(ccurl_setopt_long(raw, CURLOPT_SSL_VERIFYPEER, 1))
        set(ccurl_setopt_long(raw, CURLOPT_SSL_VERIFYHOST, 2))
        if let caFile = options.caFile { set(ccurl_setopt_string(raw, CURLOPT_CAINFO, caFile)) }
        if let username = options.username { set(ccurl_setopt_string(raw, CURLOPT_USERNAME, username)) }
        if let password = options.password { set(ccurl_setopt_string(raw, CURLOPT_PASSWORD, password)) }
        guard status == CURLE_OK else {
            throw DeliveryError(.permanent, "libcurl refused an option: \(String(cString: curl_easy_strerror(status)))")
        }
        let result = curl_easy_perform(raw)
        var code = 0
        _ = ccurl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
        if result == CURLE_OK { return context.lastReply.isEmpty ? "\(code) accepted" : context.lastReply }
        let reply = context.firstFailure.isEmpty ? context.lastReply : context.firstFailure
        if let replyCode = Int(reply.prefix(3)), replyCode >= 400 { code = replyCode }
        let what = String(cString: curl_easy_strerror(result)) + (reply.isEmpty ? "" : " (server: \(reply))")
        switch result {
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR:
            throw DeliveryError(.permanent, "TLS: \(what); not sent over an unverified or unencrypted connection")
        case CURLE_LOGIN_DENIED:
            throw DeliveryError(.permanent, "login refused: \(what)")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            throw DeliveryError(.permanent, "bad mail.url: \(what)")
        default:
            if code >= 500 { throw DeliveryError(.permanent, what) }
            throw DeliveryError(.temporary, what)
        }
    }
}

/// Owns a CURL easy handle.
private final class CurlHandle {
    let raw: UnsafeMutableRawPointer

    init?() {
        guard let handle = curl_easy_init() else { return nil }
        raw = handle
    }

    deinit { curl_easy_cleanup(raw) }
}

/// Owns a curl_slist.
private final class StringList {
    let raw: UnsafeMutablePointer<curl_slist>?

    init(_ items: [String]) {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for item in items { list = curl_slist_append(list, item) }
        raw = list
    }

    deinit { curl_slist_free_all(raw) }
}

/// The message being uploaded, and what the server said.
private final class TransferContext {
    let body: [UInt8]
    var offset = 0
    var lastReply = ""
    /// The first 4xx or 5xx reply: the reason, even when the session then ends with "221 Bye".
    var firstFailure = ""

    init(body: [UInt8]) { self.body = body }
}

/// CURLOPT_READFUNCTION: copies the next piece of the message from memory.
private let readCallback: @convention(c) (UnsafeMutablePointer<CChar>, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    buffer,
    size,
    count,
    userdata in
    guard let userdata else { return 0 }
    let context = Unmanaged<TransferContext>.fromOpaque(userdata).takeUnretainedValue()
    let length = min(size * count, context.body.count - context.offset)
    guard length > 0 else { return 0 }
    context.body.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + context.offset, byteCount: length)
    }
    context.offset += length
    return length
}

/// CURLOPT_DEBUGFUNCTION: keeps the server's last complete reply line.
private let debugCallback:
    @convention(c) (UnsafeMutableRawPointer, curl_infotype, UnsafeMutablePointer<CChar>, Int, UnsafeMutableRawPointer?)
        -> Int32 = {
            _,
            type,
            data,
            size,
            userdata in
            guard type == CURLINFO_HEADER_IN, let userdata else { return 0 }
            let context = Unmanaged<TransferContext>.fromOpaque(userdata).takeUnretainedValue()
            let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
            for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
                context.lastReply = String(line)
                if context.firstFailure.isEmpty, let first = line.first, first == "4" || first == "5" {
                    context.firstFailure = String(line)
                }
            }
            return 0
        }
