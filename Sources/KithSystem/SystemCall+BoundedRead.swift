import Glibc

/// Why a bounded read of a file did not return its bytes.
package enum BoundedReadError: Error, Sendable, Hashable {
    /// The file is larger than the limit: its size in bytes, as far as it is known.
    case tooLarge(Int)
    /// Not a regular file (a FIFO, a device, a folder).
    case notRegular
    /// A system call failed.
    case system(SystemCallError)
}

extension SystemCall {
    /// The bytes of the regular file at `path`, at most `limit` of them.
    ///
    /// The size is asked of the open descriptor (`fstat`) first, so that a file over the limit costs no memory;
    /// then at most `limit + 1` bytes are read, so that a file that grows while it is read is refused too rather
    /// than read whole. Only regular files are read: a FIFO or a device would block or never end.
    package static func readRegularFile(_ path: String, limit: Int) throws(BoundedReadError) -> [UInt8] {
        let descriptor: Int32
        do {
            // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
            descriptor = try open(path, O_RDONLY | O_NONBLOCK)
        } catch {
            throw .system(error)
        }
        defer { Glibc.close(descriptor) }
        let info: stat
        do { info = try status(descriptor, path: path) } catch { throw .system(error) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegular }
        let size = Int(info.st_size)
        guard size <= limit else { throw .tooLarge(size) }
        // One byte more than the size, to see the end of the file without a second buffer; the buffer grows
        // (up to limit + 1) only for a file that grew since fstat.
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= limit else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(max(bytes.count, 4096), limit + 1 - bytes.count)))
            }
            let result: Result<Int, SystemCallError> = bytes.withUnsafeMutableBytes { buffer in
                Result { () throws(SystemCallError) in
                    try read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]), path: path)
                }
            }
            let received: Int
            do { received = try result.get() } catch { throw .system(error) }
            if received == 0 { break }
            count += received
        }
        guard count <= limit else { throw .tooLarge(count) }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
