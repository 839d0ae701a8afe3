internal import CCurl

/// libcurl as a whole, as opposed to one session.
package enum CurlLibrary {
    /// `curl_global_init`, once, from the executable's start: libcurl wants it before any thread exists, and it
    /// is not thread-safe itself.
    package static func initialize() {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }

    /// libcurl's version, as `curl_version` says it (`libcurl/8.14.1 OpenSSL/3.5.1 …`).
    package static var version: String { String(cString: curl_version()) }
}
