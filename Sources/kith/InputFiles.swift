import ArgumentParser
import Foundation
import KithDaemon
import KithFormats

/// Finds and reads input files: the only place `kith` touches the inbox's files.
enum InputFiles {
    /// The files named, with folders read recursively (hidden entries skipped, each folder once however many
    /// links lead to it, at most `InboxWatcher.maximumDepth` deep), in a stable order.
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            // Each folder once by (device, inode), as the watcher reads it: two links to `.` in an inbox made
            // the enumerator recurse without end (#13). Links to files are followed, those to nothing skipped
            // (the daemon's watcher says so once).
            files.append(contentsOf: InboxWatcher.scan(path, keeping: isInputName).files)
        }
        return files
    }

    /// The names listed from folders, by extension only (a file named on the command line is always read).
    private static func isInputName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".ics") || lower.hasSuffix(".vcf") || lower.hasSuffix(".vcard")
            || lower.hasSuffix(".ical")
    }

    /// Reads and parses one file; an unreadable file becomes a document with an error diagnostic.
    static func read(_ path: String) -> Document { Document.read(path: path) }
}
