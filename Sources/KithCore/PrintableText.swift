/// Text from contact and calendar files made safe to show: control characters (C0 but line feed and tab,
/// DEL, C1) become U+FFFD, so that a card named "\u{1B}]0;…" cannot drive the user's terminal or mail reader.
package enum PrintableText {
    /// `text` with every control character but `\n` and `\t` replaced by U+FFFD.
    package static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isControl(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    /// C0 controls other than line feed and tab, DEL, and the C1 controls (U+0080–U+009F).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
    }
}
