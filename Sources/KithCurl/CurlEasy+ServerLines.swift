extension CurlEasy {
    /// The lines the server sent outside the body since the handle was made, at most 200: for IMAP, the
    /// untagged replies to SELECT (`* OK [UIDVALIDITY 1733]`) and the tagged ones.
    package var serverLines: [String] { transfer.headerLines }
}
