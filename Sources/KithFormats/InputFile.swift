import KithSystem

/// Reads an input file's bytes, refusing what is too large before reading it, through the bounded read of
/// `SystemCall.readRegularFile` (the size asked before reading, only regular files, EINTR retried).
package enum InputFile {
    package struct Failure: Error, Sendable, Hashable {
        package enum Reason: Sendable, Hashable {
            /// The file is larger than the limit (its size in bytes, as far as it is known).
            case tooLarge(Int)
            /// Not a regular file.
            case notRegular
            /// A system call failed.
            case system(SystemCallError)
        }

        package var reason: Reason

        /// The diagnostic code of this failure.
        package var code: Diagnostic.Code {
            if case .tooLarge = reason { return .fileTooLarge }
            return .unreadableFile
        }

        /// One human sentence.
        package func message(limit: Int) -> String {
            switch reason {
            case .tooLarge(let size):
                "file is \(size) bytes or more, more than the limit of \(limit); not read"
            case .notRegular:
                "not a regular file; not read"
            case .system(let cause):
                "cannot read the file (\(cause.call): \(cause.reason))"
            }
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    package static func bytes(atPath path: String, limit: Int = Limits.maxFileBytes) throws(Failure) -> [UInt8] {
        do {
            return try SystemCall.readRegularFile(path, limit: limit)
        } catch {
            switch error {
            case .tooLarge(let size): throw Failure(reason: .tooLarge(size))
            case .notRegular: throw Failure(reason: .notRegular)
            case .system(let cause): throw Failure(reason: .system(cause))
            }
        }
    }
}

extension Document {
    /// Reads and parses the file at `path`: a file that cannot be read, is too large (checked before reading)
    /// or is neither format becomes a document with one error diagnostic.
    package static func read(path: String) -> Document {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.bytes(atPath: path)
        } catch {
            return .failed(path: path, code: error.code, message: error.message(limit: Limits.maxFileBytes))
        }
        guard let kind = Document.kind(path: path, bytes: bytes) else {
            return .failed(path: path, code: .unknownFormat, message: "neither an iCalendar nor a vCard file")
        }
        return Document.parse(bytes: consume bytes, path: path, kind: kind)
    }
}
