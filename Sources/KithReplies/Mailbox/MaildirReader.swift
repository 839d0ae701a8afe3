import KithSystem

/// Reads replies from a Maildir (as delivered by fetchmail, getmail, offlineimap or mbsync): the messages of
/// `new/` and `cur/` not yet seen, one message's bytes, and marking one seen.
///
/// The Maildir rules (maildir(5), cr.yp.to/proto/maildir.html): a file's name is its unique name, then, in
/// `cur/` only, `:2,` and its flags in ASCII order; `S` is "seen". Marking a message seen moves it to `cur/`
/// with `S` added, by one rename, so that a crash leaves it either unseen or seen.
package struct MaildirReader: Sendable {
    /// A message: where it is now, and the flags its name carries.
    package struct Message: Sendable, Hashable {
        /// `new` or `cur`.
        package var subfolder: String
        /// The file name, flags included.
        package var name: String

        /// The unique name, without `:2,FLAGS`.
        package var uniqueName: String { String(name.prefix { $0 != ":" }) }

        /// The flags after `:2,`; none for a message in `new/`.
        package var flags: String {
            guard let range = name.firstRange(of: ":2,") else { return "" }
            return String(name[range.upperBound...])
        }
    }

    package let folder: String

    package init(folder: String) { self.folder = folder }

    /// The messages without the `S` flag, `new/` first, each by name; files starting with `.` are skipped (the
    /// spec's rule for readers).
    package func unseen() throws(SystemCallError) -> [Message] {
        var messages: [Message] = []
        for subfolder in ["new", "cur"] {
            let path = folder + "/" + subfolder
            let descriptor = try SystemCall.openFolder(path)
            let (entries, failure) = SystemCall.listFolder(descriptor, path: path)
            if let failure { throw failure }
            for entry in entries where entry.kind == .file && !entry.name.hasPrefix(".") {
                let message = Message(subfolder: subfolder, name: entry.name)
                if !message.flags.contains("S") { messages.append(message) }
            }
        }
        return messages
    }

    /// The message's bytes, at most `ReplyMessage.maximumBytes`.
    package func read(_ message: Message) throws(BoundedReadError) -> [UInt8] {
        try SystemCall.readRegularFile(path(message), limit: ReplyMessage.maximumBytes)
    }

    /// Moves the message to `cur/` with the `S` flag added; returns where it is now.
    @discardableResult
    package func markSeen(_ message: Message) throws(SystemCallError) -> Message {
        var flags = Set(message.flags)
        flags.insert("S")
        let seen = Message(subfolder: "cur", name: message.uniqueName + ":2," + String(flags.sorted()))
        try SystemCall.rename(path(message), to: path(seen))
        return seen
    }

    package func path(_ message: Message) -> String { folder + "/" + message.subfolder + "/" + message.name }
}
