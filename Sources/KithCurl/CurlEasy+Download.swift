internal import CCurl

extension CurlEasy {
    /// Receives the body of the next `perform` into memory (`received`), at most `limit` bytes: when more
    /// arrives the transfer stops with CURLE_WRITE_ERROR and `receivedOverLimit` is true. A Content-Length
    /// over the limit is refused before any of the body is read (CURLOPT_MAXFILESIZE_LARGE); a body without
    /// one is counted as it comes, so a server that sends no length cannot exceed the limit either.
    package func download(limit: Int) throws(CurlError) {
        transfer.received = []
        transfer.receiveLimit = limit
        transfer.overLimit = false
        try check(ccurl_setopt_write_function(handle, writeCallback))
        try check(ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(transfer).toOpaque()))
        try check(ccurl_setopt_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limit)))
    }

    /// The body received by the last `perform` after `download`.
    package var received: [UInt8] { transfer.received }

    /// Whether the last body was cut off at the limit, or refused for its announced length.
    package var receivedOverLimit: Bool { transfer.overLimit }

    /// The status line of the last HTTP response ("HTTP/1.1 404 Not Found"); nil before one.
    package var statusLine: String? { transfer.headerLines.first { $0.hasPrefix("HTTP/") } }

    /// The value of a header of the last HTTP response (`ETag`, `Last-Modified`), case-insensitive; nil when
    /// absent.
    package func responseHeader(_ name: String) -> String? {
        let prefix = name.lowercased() + ":"
        for line in transfer.headerLines where line.lowercased().hasPrefix(prefix) {
            return String(line.dropFirst(prefix.count)).trimmingBlanks()
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" || last == "\r" { view = view.dropLast() }
        return String(view)
    }
}

/// CURLOPT_WRITEFUNCTION: appends the next piece of the body, or stops the transfer past the limit.
private let writeCallback: @convention(c) (UnsafeMutablePointer<CChar>, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data,
    size,
    count,
    userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    guard transfer.received.count + length <= transfer.receiveLimit else {
        transfer.overLimit = true
        return 0
    }
    transfer.received.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    return length
}
