/// RFC 3676 format=flowed: Thunderbird and Apple Mail wrap long lines at 72 columns and mark the soft breaks
/// with a trailing space; a long `note 2 …` must come back as one line.
enum FlowedText {
    /// Joins each line that ends with a space to the next (§4.2), removing that space when `deleteSpace`
    /// (§4.4, delsp=yes); undoes space-stuffing (§4.4); the signature delimiter `-- ` stays a line of its own
    /// (§4.3). Quoted lines (`>`) are joined only to lines of the same quote depth (§4.5).
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var out: [String] = []
        var open: (text: String, depth: Int)?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = Substring(rawLine)
            let depth = line.prefix { $0 == ">" }.count
            line = line.dropFirst(depth)
            if line.first == " " { line = line.dropFirst() }
            let isSignature = line == "-- "
            if let current = open, current.depth != depth || isSignature {
                out.append(String(repeating: ">", count: current.depth) + current.text)
                open = nil
            }
            var joined = (open?.text ?? "") + line
            if !isSignature, line.last == " " {
                if deleteSpace { joined.removeLast() }
                open = (joined, depth)
            } else {
                out.append(String(repeating: ">", count: depth) + (depth > 0 ? " " : "") + joined)
                open = nil
            }
        }
        if let current = open { out.append(String(repeating: ">", count: current.depth) + current.text) }
        return out.joined(separator: "\n")
    }
}
