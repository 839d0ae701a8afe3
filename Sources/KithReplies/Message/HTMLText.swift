/// HTML turned into the text a person reads, for replies that come without a text/plain part.
///
/// Tags go; `<br>`, `<p>`, `<div>` and the other blocks become line breaks; character references are decoded.
/// What the sender quoted is dropped with its container: `<blockquote>`, Gmail's `gmail_quote`, Thunderbird's
/// `moz-cite-prefix`, Yahoo's `yahoo_quoted`, and from Outlook's `divRplyFwdMsg` or `appendonsend` to the end.
/// So are `<head>`, `<style>` and `<script>`.
enum HTMLText {
    private static let blocks: Set<String> = [
        "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "section",
        "article", "header", "footer",
    ]
    /// Elements whose content is not text at all.
    private static let hidden: Set<String> = ["head", "style", "script", "title", "blockquote"]
    /// Class names of quote containers, dropped with what they hold.
    private static let quoteClasses = ["gmail_quote", "gmail_attr", "moz-cite-prefix", "yahoo_quoted"]
    /// Ids after which everything is the quoted message (Outlook on the web and Outlook for Windows).
    private static let quoteStarts = ["divrplyfwdmsg", "appendonsend"]

    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)

    static func plainText(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        // The element being dropped with its content, and how deep in same-named elements we are.
        var dropping: (name: String, depth: Int)?
        var pendingSpace = false
        var index = 0
        func newline() {
            pendingSpace = false
            out.append(ByteText.lf)
        }
        scan: while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), bytes[index...].starts(with: commentOpen) {
                index = find(commentClose, in: bytes, from: index + 4).map { $0 + 3 } ?? bytes.count
                continue
            }
            // A "<" that starts no tag ("a < b") is text.
            if byte == UInt8(ascii: "<"), let tag = Tag(bytes, at: index) {
                index = tag.end
                if let current = dropping {
                    if tag.name == current.name, !tag.selfClosing {
                        let depth = current.depth + (tag.closing ? -1 : 1)
                        dropping = depth == 0 ? nil : (current.name, depth)
                    }
                    continue
                }
                if !tag.closing {
                    let attributes = tag.attributes
                    if quoteStarts.contains(where: {
                        attributes.contains("id=\"\($0)\"") || attributes.contains("id=\($0)")
                    }) {
                        break scan
                    }
                    let quoteClass = quoteClasses.contains { attributes.contains($0) } && attributes.contains("class")
                    if (hidden.contains(tag.name) || quoteClass) && !tag.selfClosing {
                        dropping = (tag.name, 1)
                        continue
                    }
                }
                // A <br> is a line break each time; a block only ends the line it follows, so that
                // "</div><div>" is one break, not an empty line.
                if tag.name == "br" || (blocks.contains(tag.name) && !(out.last.map { $0 == ByteText.lf } ?? true)) {
                    newline()
                }
                continue
            }
            if dropping != nil {
                index += 1
                continue
            }
            if byte == ByteText.space || byte == ByteText.tab || byte == ByteText.cr || byte == ByteText.lf {
                pendingSpace = true
                index += 1
                continue
            }
            if pendingSpace, let last = out.last, last != ByteText.lf { out.append(ByteText.space) }
            pendingSpace = false
            if byte == UInt8(ascii: "&"), let (decoded, end) = CharacterReference.decode(bytes, at: index) {
                out += decoded
                index = end
                continue
            }
            out.append(byte)
            index += 1
        }
        return tidy(String(decoding: out, as: UTF8.self))
    }

    /// Lines trimmed, no-break spaces made spaces, and no more than one empty line in a row, none at the ends.
    private static func tidy(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.replacingNoBreakSpaces().trimmingBlanks()
            if trimmed.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

/// One tag: `<name attributes>`, `</name>` or `<name/>`, with its name in lower case.
private struct Tag {
    var name: String
    var closing: Bool
    var selfClosing: Bool
    /// The text between the name and `>`, in lower case.
    var attributes: String
    /// The index after `>`.
    var end: Int

    init?(_ bytes: [UInt8], at start: Int) {
        var index = start + 1
        closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
        if closing { index += 1 }
        let nameStart = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        guard index > nameStart else { return nil }
        name = String(decoding: bytes[nameStart..<index].map(ByteText.lowercased), as: UTF8.self)
        let attributesStart = index
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            // Another "<" before the ">": this one was text ("a < b <i>c</i>"), and each byte is looked at
            // once however many there are.
            if byte == UInt8(ascii: "<") { return nil }
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            index += 1
        }
        guard index < bytes.count else { return nil }
        selfClosing = index > attributesStart && bytes[index - 1] == UInt8(ascii: "/")
        attributes = String(decoding: bytes[attributesStart..<index].map(ByteText.lowercased), as: UTF8.self)
        end = index + 1
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ":")
    }
}

/// HTML character references: `&amp;`, `&#233;`, `&#xE9;` and the named ones mail clients use.
enum CharacterReference {
    private static let named: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "ndash": 0x2013,
        "mdash": 0x2014, "hellip": 0x2026, "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D,
        "euro": 0x20AC, "copy": 0xA9, "reg": 0xAE, "auml": 0xE4, "ouml": 0xF6, "uuml": 0xFC, "aring": 0xE5,
        "eacute": 0xE9, "egrave": 0xE8, "szlig": 0xDF, "bull": 0x2022, "zwnj": 0x200C, "shy": 0xAD,
    ]

    /// The UTF-8 of the reference at `start` and the index after it; nil when it is not one.
    static func decode(_ bytes: [UInt8], at start: Int) -> ([UInt8], Int)? {
        var index = start + 1
        let nameStart = index
        while index < bytes.count, index - nameStart < 10, bytes[index] != UInt8(ascii: ";") { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";"), index > nameStart else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        var value: UInt32?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            value = UInt32(name.dropFirst(2), radix: 16)
        } else if name.hasPrefix("#") {
            value = UInt32(name.dropFirst())
        } else {
            value = named[name] ?? named[name.lowercased()]
        }
        guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
        return (Array(String(Character(scalar)).utf8), index + 1)
    }
}

extension StringProtocol {
    fileprivate func replacingNoBreakSpaces() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{A0}" ? " " : $0 }))
    }
}
