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
        /// The encodings to ask for and decode (`""`: every one this libcurl supports, gzip among them).
        package static let acceptEncoding = TextOption(raw: CURLOPT_ACCEPT_ENCODING)
        /// The schemes allowed at all (`"https"`, `"https,http"`).
        package static let protocols = TextOption(raw: CURLOPT_PROTOCOLS_STR)
        /// The schemes a redirect may lead to.
        package static let redirectProtocols = TextOption(raw: CURLOPT_REDIR_PROTOCOLS_STR)
        package static let userAgent = TextOption(raw: CURLOPT_USERAGENT)
        /// A command of one's own instead of the default one: IMAP's `UID SEARCH UNSEEN`, `UID STORE …`
        /// (its untagged replies are received as the body).
        package static let customRequest = TextOption(raw: CURLOPT_CUSTOMREQUEST)
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
        /// 1: follow HTTP redirects.
        package static let followLocation = NumberOption(raw: CURLOPT_FOLLOWLOCATION)
        /// How many redirects to follow at most.
        package static let maxRedirects = NumberOption(raw: CURLOPT_MAXREDIRS)
        /// Bytes per second below which, for `lowSpeedTime` seconds, a transfer is abandoned.
        package static let lowSpeedLimit = NumberOption(raw: CURLOPT_LOW_SPEED_LIMIT)
        package static let lowSpeedTime = NumberOption(raw: CURLOPT_LOW_SPEED_TIME)
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
