import Foundation

/// Reads an input file's bytes, refusing what is too large before reading it.
///
/// The size is asked of the open descriptor (`fstat`) first, so that a file over the limit costs no memory;
/// then at most `limit + 1` bytes are read, so that a file that grows while it is read is refused too rather
/// than read whole. Only regular files are read: a FIFO or a device in the inbox would block or never end.
package enum InputFile {
    package struct Failure: Error, Sendable, Hashable {
        package enum Reason: Sendable, Hashable {
            /// The file is larger than the limit (its size in bytes, as far as it is known).
            case tooLarge(Int)
            /// Not a regular file.
            case notRegular
            /// A system call failed with this errno.
            case system(call: String, errno: Int32)
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
            case .system(let call, let errno):
                "cannot read the file (\(call): \(String(cString: strerror(errno))))"
            }
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    package static func bytes(atPath path: String, limit: Int = Limits.maxFileBytes) throws(Failure) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        let descriptor = try retrying("open") { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        defer { close(descriptor) }
        var status = stat()
        _ = try retrying("fstat") { fstat(descriptor, &status) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw Failure(reason: .notRegular) }
        let size = Int(status.st_size)
        guard size <= limit else { throw Failure(reason: .tooLarge(size)) }
        // One byte more than the size, to see the end of the file without a second buffer; the buffer grows
        // (up to limit + 1) only for a file that grew since fstat.
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= limit else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(max(bytes.count, 4096), limit + 1 - bytes.count)))
            }
            let wanted = bytes.count - count
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: .system(call: "read", errno: errno))
            }
            if got == 0 { break }
            count += got
        }
        guard count <= limit else { throw Failure(reason: .tooLarge(count)) }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Calls `body` again while it fails with EINTR; throws its errno otherwise.
    private static func retrying<Value: BinaryInteger>(
        _ call: String,
        _ body: () -> Value
    ) throws(Failure) -> Value {
        while true {
            let result = body()
            if result >= 0 { return result }
            if errno != EINTR { throw Failure(reason: .system(call: call, errno: errno)) }
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
