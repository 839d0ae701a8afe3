/// A Content-Type value (RFC 2045 §5.1): `type/subtype; name=value; name="quoted value"`.
struct ContentType: Equatable {
    static let plainText = ContentType("text/plain; charset=us-ascii")

    /// Lower case, `text`, `multipart`, …
    var type: String
    var subtype: String
    /// Parameter names in lower case; values unquoted.
    var parameters: [String: String]

    init(_ text: String) {
        var pieces = Self.split(text)
        let kind = pieces.isEmpty ? "" : pieces.removeFirst()
        let halves = kind.split(separator: "/", maxSplits: 1)
        type = halves.first.map { $0.trimmingBlanks().lowercased() } ?? "text"
        subtype = halves.count == 2 ? halves[1].trimmingBlanks().lowercased() : "plain"
        parameters = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingBlanks().lowercased()
            var value = piece[piece.index(after: equals)...].trimmingBlanks()
            if value.count >= 2, value.first == "\"", value.last == "\"" {
                value = String(value.dropFirst().dropLast()).replacingBackslashEscapes()
            }
            if parameters[name] == nil { parameters[name] = value }
        }
    }

    var isMultipart: Bool { type == "multipart" }

    /// Splits at semicolons outside quoted strings.
    private static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }
}

extension StringProtocol {
    /// Without white space (blanks, line breaks, no-break spaces) at either end.
    func trimmingBlanks() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }

    /// RFC 5322 §3.2.4: in a quoted string, a backslash quotes the next character.
    func replacingBackslashEscapes() -> String {
        var out = ""
        var escaped = false
        for character in self {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            out.append(character)
        }
        return out
    }
}
