import KithCurl

/// The mailbox replies arrive in, over IMAP through libcurl: which messages are unseen, one message's bytes,
/// and marking one handled.
///
/// Each call is one libcurl session (connect, log in, SELECT, the command, LOGOUT): replies are polled every few
/// minutes at most, so a connection kept open would buy nothing. UIDs are only meaningful with the mailbox's
/// UIDVALIDITY (RFC 3501 §2.3.1.1): every call that names a UID carries it in the URL (`;UIDVALIDITY=`), so a
/// mailbox that was rebuilt fails with `uidValidityChanged` instead of acting on another message.
package struct IMAPMailbox: Sendable {
    package struct Options: Sendable {
        /// `imaps://host[:port]/MAILBOX`, or `imap://…` when `allowPlainIMAP` is set.
        package var url: String
        package var username: String
        package var password: String
        /// CA certificates to verify the server with, instead of the system's.
        package var caFile: String?
        /// Allows `imap://` without TLS (a local bridge, a test server); off by default.
        package var allowPlainIMAP = false
        package var connectTimeout = 30
        package var timeout = 60

        package init(url: String, username: String, password: String) {
            self.url = url
            self.username = username
            self.password = password
        }
    }

    /// A caller's high-water mark: the last UID handled, in a mailbox of that UIDVALIDITY.
    package struct Mark: Sendable, Hashable {
        package var uidValidity: UInt32
        package var uid: UInt32

        package init(uidValidity: UInt32, uid: UInt32) {
            self.uidValidity = uidValidity
            self.uid = uid
        }
    }

    /// The unseen messages above a mark, and the UIDVALIDITY their UIDs belong to.
    package struct Unseen: Sendable, Hashable {
        package var uidValidity: UInt32
        /// Ascending.
        package var uids: [UInt32]
    }

    /// The untagged replies of a SEARCH are short; anything longer is not a SEARCH reply.
    static let maximumSearchBytes = 1 << 20

    package let options: Options
    /// The URL without a trailing slash.
    private let mailboxURL: String

    /// Checks the URL: `imaps://`, or `imap://` with leave, and a mailbox named in it.
    package init(_ options: Options) throws(IMAPError) {
        self.options = options
        var url = options.url
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        let scheme = lower.hasPrefix("imaps://") ? "imaps://" : lower.hasPrefix("imap://") ? "imap://" : nil
        guard let scheme else {
            throw IMAPError(.badURL, "the reply mailbox must be imaps://HOST/MAILBOX, not \(options.url)")
        }
        guard scheme == "imaps://" || options.allowPlainIMAP else {
            throw IMAPError(.badURL, "imap:// sends the password unencrypted: use imaps://, or allow plain IMAP")
        }
        guard url.dropFirst(scheme.count).contains("/") else {
            throw IMAPError(.badURL, "name the mailbox in the URL: \(url)/INBOX")
        }
        mailboxURL = url
    }

    /// The unseen messages with UIDs above `mark` (all unseen ones when there is no mark, or its UIDVALIDITY is
    /// not the mailbox's any more).
    package func unseen(after mark: Mark?) throws(IMAPError) -> Unseen {
        let session = try session(url: mailboxURL)
        let first = mark.map { $0.uid + 1 } ?? 1
        var uids = try search(session, from: first)
        guard let validity = Self.uidValidity(session.serverLines) else {
            throw IMAPError(.server, "the server's SELECT reply names no UIDVALIDITY")
        }
        if let mark, mark.uidValidity != validity {
            // Another mailbox under the same name: the mark means nothing in it.
            uids = try search(session, from: 1)
        } else if let mark {
            // RFC 3501 §6.4.8: "N:*" always matches the last message, even when its UID is below N.
            uids = uids.filter { $0 > mark.uid }
        }
        return Unseen(uidValidity: validity, uids: uids)
    }

    /// The message's bytes. libcurl fetches `BODY[]`, which sets \Seen (RFC 3501 §6.4.5), so the flag is taken
    /// off again at once: a message is seen only once it was handled (`markHandled`). Meant for the unseen
    /// messages `unseen(after:)` lists: one that was seen before comes back unseen. A message over
    /// `ReplyMessage.maximumBytes` throws `tooLarge` and stays unseen.
    package func fetch(uid: UInt32, uidValidity: UInt32) throws(IMAPError) -> [UInt8] {
        let session = try session(url: "\(mailboxURL);UIDVALIDITY=\(uidValidity)/;UID=\(uid)")
        do {
            try session.download(limit: ReplyMessage.maximumBytes)
            try session.perform()
        } catch {
            let failure = IMAPError.from(error, doing: "fetching message \(uid)")
            // A message too large to read was still flagged by the server as it began to send it.
            if failure.code == .tooLarge {
                try? command(
                    try self.session(url: mailboxURL),
                    "UID STORE \(uid) -FLAGS.SILENT (\\Seen)",
                    uidValidity: uidValidity
                )
            }
            throw failure
        }
        let message = session.received
        try command(session, "UID STORE \(uid) -FLAGS.SILENT (\\Seen)", uidValidity: uidValidity)
        return message
    }

    /// Sets \Seen on the message, once its reply was acted on or answered; with `moveTo`, then moves it to that
    /// folder (UID MOVE, RFC 6851), which must exist.
    package func markHandled(uid: UInt32, uidValidity: UInt32, moveTo folder: String? = nil) throws(IMAPError) {
        let session = try session(url: mailboxURL)
        try command(session, "UID STORE \(uid) +FLAGS.SILENT (\\Seen)", uidValidity: uidValidity)
        if let folder {
            try command(session, "UID MOVE \(uid) \(Self.quoted(folder))", uidValidity: uidValidity)
        }
    }

    /// Makes a folder (IMAP CREATE) for handled replies; one that exists already is fine.
    package func createFolder(_ folder: String) throws(IMAPError) {
        let session = try session(url: mailboxURL)
        do {
            try session.set(.customRequest, "CREATE \(Self.quoted(folder))")
            try session.download(limit: Self.maximumSearchBytes)
            try session.perform()
        } catch {
            // RFC 5530 §3: ALREADYEXISTS, which Dovecot and most servers say.
            if error.serverReply.contains("ALREADYEXISTS")
                || session.serverLines.contains(where: {
                    $0.contains("ALREADYEXISTS")
                })
            {
                return
            }
            throw IMAPError.from(error, doing: "creating the folder \(folder)")
        }
    }

    /// A mailbox name as an IMAP quoted string (RFC 3501 §4.3); names outside ASCII are not supported.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingBackslashEscapesForIMAP() + "\""
    }

    /// Adds a message to the mailbox (IMAP APPEND) and returns its UID, when the server says it (UIDPLUS,
    /// RFC 4315): how tests put replies there, as a client would. libcurl appends with \Seen set; the flag is
    /// taken off again, so that the message arrives unseen.
    @discardableResult
    package func append(_ message: [UInt8]) throws(IMAPError) -> UInt32? {
        let session = try session(url: mailboxURL)
        do {
            try session.upload(message)
            try session.perform()
        } catch {
            throw IMAPError.from(error, doing: "appending a message")
        }
        guard let (validity, uid) = Self.appendUID(session.serverLines) else { return nil }
        try command(try self.session(url: mailboxURL), "UID STORE \(uid) -FLAGS.SILENT (\\Seen)", uidValidity: validity)
        return uid
    }

    private func session(url: String) throws(IMAPError) -> CurlEasy {
        do {
            let session = try CurlEasy()
            try session.set(.url, url)
            try session.set(.protocols, options.allowPlainIMAP ? "imaps,imap" : "imaps")
            try session.set(.username, options.username)
            try session.set(.password, options.password)
            try session.set(.connectTimeout, options.connectTimeout)
            try session.set(.timeout, options.timeout)
            try session.set(.verifyPeer, 1)
            try session.set(.verifyHost, 2)
            if let caFile = options.caFile { try session.set(.caFile, caFile) }
            return session
        } catch {
            throw IMAPError(.badURL, "libcurl refused an IMAP option", curl: error)
        }
    }

    /// `UID SEARCH UID first:* UNSEEN`, answered by `* SEARCH 4 7 9` lines.
    private func search(_ session: CurlEasy, from first: UInt32) throws(IMAPError) -> [UInt32] {
        do {
            try session.set(.customRequest, "UID SEARCH UID \(first):* UNSEEN")
            try session.download(limit: Self.maximumSearchBytes)
            try session.perform()
        } catch {
            throw IMAPError.from(error, doing: "searching for unseen messages")
        }
        return Self.searchResults(session.received).sorted()
    }

    /// A custom command on the mailbox, checked against the UIDVALIDITY of its SELECT.
    private func command(_ session: CurlEasy, _ text: String, uidValidity: UInt32) throws(IMAPError) {
        do {
            try session.set(.url, "\(mailboxURL);UIDVALIDITY=\(uidValidity)")
            try session.set(.customRequest, text)
            try session.download(limit: Self.maximumSearchBytes)
            try session.perform()
        } catch {
            throw IMAPError.from(error, doing: text)
        }
    }

    /// The numbers of the `* SEARCH …` lines of a reply (RFC 3501 §7.2.5).
    static func searchResults(_ reply: [UInt8]) -> [UInt32] {
        var uids: [UInt32] = []
        for line in ByteText.lines(reply[...]) where ByteText.hasPrefix(line, "* SEARCH") {
            for word in line.dropFirst(8).split(separator: ByteText.space) {
                if let uid = UInt32(String(decoding: word, as: UTF8.self)) { uids.append(uid) }
            }
        }
        return uids
    }

    /// The UIDVALIDITY and UID of `OK [APPENDUID v uid]` (RFC 4315 §3).
    static func appendUID(_ lines: [String]) -> (UInt32, UInt32)? {
        for line in lines {
            guard let range = line.firstRange(of: "[APPENDUID ") else { continue }
            let numbers = line[range.upperBound...].prefix { $0 != "]" }.split(separator: " ").compactMap {
                UInt32($0)
            }
            if numbers.count == 2 { return (numbers[0], numbers[1]) }
        }
        return nil
    }

    /// The number of `* OK [UIDVALIDITY n]` (RFC 3501 §7.1) among the server's lines.
    static func uidValidity(_ lines: [String]) -> UInt32? {
        for line in lines {
            guard let range = line.firstRange(of: "[UIDVALIDITY ") else { continue }
            let digits = line[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let value = UInt32(digits) { return value }
        }
        return nil
    }
}

extension String {
    fileprivate func replacingBackslashEscapesForIMAP() -> String {
        var out = ""
        for character in self {
            if character == "\\" || character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
