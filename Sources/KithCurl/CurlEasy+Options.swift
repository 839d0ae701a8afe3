internal import CCurl

extension CurlEasy {
    /// An option that takes text (`curl_easy_setopt` with a `char *`).
    package struct TextOption: Sendable {
        let raw: CURLoption

        /// The URL to transfer: `smtp://host:587`, `smtps://…`, `https://…`, `imaps://…`, `file://…`.
        package static let url = TextOption(raw: CURLOPT_URL)
        /// SMTP's MAIL FROM, with its angle brackets.
        package static let mailFrom = TextOption(raw: CURLOPT_MAIL_FROM)
        package static let username = TextOption(raw: CURLOPT_USERNAME)
        package static let password = TextOption(raw: CURLOPT_PASSWORD)
        /// A file of CA certificates to verify the server with, instead of the system's.
        package static let caFile = TextOption(raw: CURLOPT_CAINFO)
    }

    /// An option that takes a number (`long`).
    package struct NumberOption: Sendable {
        let raw: CURLoption

        /// Seconds allowed for connecting (and the TLS handshake).
        package static let connectTimeout = NumberOption(raw: CURLOPT_CONNECTTIMEOUT)
        /// Seconds allowed for the whole transfer.
        package static let timeout = NumberOption(raw: CURLOPT_TIMEOUT)
        /// 1: verify the server's certificate against the CAs (the default, said outright).
        package static let verifyPeer = NumberOption(raw: CURLOPT_SSL_VERIFYPEER)
        /// 2: the certificate must name the host connected to (the default, said outright).
        package static let verifyHost = NumberOption(raw: CURLOPT_SSL_VERIFYHOST)
    }

    /// An option that takes a list of strings (`struct curl_slist *`).
    package struct ListOption: Sendable {
        let raw: CURLoption

        /// SMTP's RCPT TO addresses, each with its angle brackets.
        package static let mailRecipients = ListOption(raw: CURLOPT_MAIL_RCPT)
        /// HTTP request headers (`Accept: text/calendar`).
        package static let httpHeaders = ListOption(raw: CURLOPT_HTTPHEADER)
    }
}
