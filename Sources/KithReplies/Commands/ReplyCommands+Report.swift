extension ReplyCommands {
    /// The lines that were not understood, as the answer to the reply quotes them back: one paragraph each,
    /// `line 4: "snooze 3 friday"` and then the problem's sentence. Empty when every line was a command.
    package var report: String {
        problems.map { "line \($0.line): \"\($0.text)\"\n  \($0.problem.message)" }.joined(separator: "\n")
    }
}
