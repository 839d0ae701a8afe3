internal import CCurl

/// Owns a libcurl easy handle (`CURL *`) and what it points at while it lives: the error buffer, the body
/// being uploaded, the lists handed to it, and the server's replies as they came in.
///
/// One transfer at a time, on one thread: libcurl's rule for an easy handle. Options are typed through the
/// wrappers in CCurl's `shim.h`; a refused option throws at once with its code.
package final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    let transfer = Transfer()
    /// Lists in use by the handle: libcurl keeps pointers to them, so they live as long as the handle.
    private var lists: [CurlStringList] = []

    /// A new session. The server's reply lines are recorded from here on (CURLOPT_VERBOSE with a debug function
    /// that keeps only what the server sent, so nothing is printed).
    package init() throws(CurlError) {
        guard let handle = curl_easy_init() else {
            throw CurlError(.failedInit, detail: "libcurl could not start a session")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try check(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(ccurl_setopt_long(handle, CURLOPT_VERBOSE, 1))
        try check(ccurl_setopt_debug_function(handle, debugCallback))
        try check(ccurl_setopt_pointer(handle, CURLOPT_DEBUGDATA, context))
        // Signals are not for libraries: timeouts without SIGALRM (SIGPIPE is ignored by the executable).
        try check(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sets an option that takes text; libcurl copies the string.
    package func set(_ option: TextOption, _ value: String) throws(CurlError) {
        try check(ccurl_setopt_string(handle, option.raw, value))
    }

    /// Sets an option that takes a number.
    package func set(_ option: NumberOption, _ value: Int) throws(CurlError) {
        try check(ccurl_setopt_long(handle, option.raw, value))
    }

    /// Sets an option that takes a list, which the handle then keeps alive.
    package func set(_ option: ListOption, _ list: CurlStringList) throws(CurlError) {
        try check(ccurl_setopt_slist(handle, option.raw, list.raw))
        lists.append(list)
    }

    /// Whether the connection must be encrypted (CURLOPT_USE_SSL): on `smtp://`, STARTTLS or no transfer.
    package func requireTLS(_ required: Bool) throws(CurlError) {
        let level = required ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue
        try check(ccurl_setopt_long(handle, CURLOPT_USE_SSL, Int(level)))
    }

    /// Uploads `body` on the next `perform` (SMTP's DATA, a file:// or HTTP PUT), read from memory.
    package func upload(_ body: [UInt8]) throws(CurlError) {
        transfer.body = body
        transfer.offset = 0
        try check(ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1))
        try check(ccurl_setopt_long(handle, CURLOPT_INFILESIZE_LARGE, body.count))
        try check(ccurl_setopt_read_function(handle, readCallback))
        try check(ccurl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(transfer).toOpaque()))
    }

    /// Runs the transfer. Throws the result with curl's error text and the server's last reply.
    package func perform() throws(CurlError) {
        errorBuffer[0] = 0
        transfer.lastReply = ""
        transfer.firstFailure = ""
        let result = curl_easy_perform(handle)
        guard result == CURLE_OK else {
            throw CurlError(
                CurlError.Code(result),
                detail: String(cString: errorBuffer),
                responseCode: responseCode,
                serverReply: transfer.firstFailure.isEmpty ? transfer.lastReply : transfer.firstFailure
            )
        }
    }

    /// CURLINFO_RESPONSE_CODE: the last SMTP reply code or HTTP status of the transfer; 0 before one.
    package var responseCode: Int {
        var code = 0
        guard ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK else { return 0 }
        return code
    }

    /// The server's last complete reply line of the transfer (SMTP: "250 2.0.0 Ok: queued as …").
    package var lastReply: String { transfer.lastReply }

    func check(_ result: CURLcode) throws(CurlError) {
        guard result == CURLE_OK else { throw CurlError(CurlError.Code(result)) }
    }
}

/// The body being uploaded or received, and what the server said; reached from the C callbacks through their
/// user data.
final class Transfer {
    var body: [UInt8] = []
    var offset = 0
    /// The body received (`download`), at most `receiveLimit` bytes; `overLimit` once more arrived.
    var received: [UInt8] = []
    var receiveLimit = 0
    var overLimit = false
    /// The header lines of the last HTTP response (a redirect's are dropped when the next response begins).
    var headerLines: [String] = []
    var lastReply = ""
    /// The first 4xx or 5xx reply: the reason, even when the session then ends with "221 Bye".
    var firstFailure = ""
}

/// CURLOPT_READFUNCTION: copies the next piece of the body from memory.
private let readCallback: @convention(c) (UnsafeMutablePointer<CChar>, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    buffer,
    size,
    count,
    userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = min(size * count, transfer.body.count - transfer.offset)
    guard length > 0 else { return 0 }
    transfer.body.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + transfer.offset, byteCount: length)
    }
    transfer.offset += length
    return length
}

/// CURLOPT_DEBUGFUNCTION: keeps the server's reply lines (CURLINFO_HEADER_IN), and prints nothing.
private let debugCallback:
    @convention(c) (UnsafeMutableRawPointer, curl_infotype, UnsafeMutablePointer<CChar>, Int, UnsafeMutableRawPointer?)
        -> Int32 = {
            _,
            type,
            data,
            size,
            userdata in
            guard type == CURLINFO_HEADER_IN, let userdata else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
            let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
            for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
                if line.hasPrefix("HTTP/") { transfer.headerLines = [] }
                if transfer.headerLines.count < 200 { transfer.headerLines.append(String(line)) }
                transfer.lastReply = String(line)
                if transfer.firstFailure.isEmpty, let first = line.first, first == "4" || first == "5" {
                    transfer.firstFailure = String(line)
                }
            }
            return 0
        }
