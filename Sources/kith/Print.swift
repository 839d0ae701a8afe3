import KithCore

/// Everything this module prints on standard output goes through here (it shadows the standard library's
/// `print`): names, summaries and notes come from files anyone can send the user, and their control
/// characters (ESC, BEL, NUL, …) must not reach the terminal.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(PrintableText.printable(text), terminator: terminator)
}
