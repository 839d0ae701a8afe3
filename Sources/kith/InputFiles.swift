import ArgumentParser
import Foundation
import KithFormats

/// Finds and reads input files: the only place `kith` touches the inbox's files.
enum InputFiles {
    /// The files named, with folders read as `InboxFiles.scan` reads the inbox (the files `InboxFile` says are
    /// inbox files, hidden entries skipped, each folder once however many links lead to it, at most
    /// `InboxFiles.maximumDepth` deep), in a stable order. A file named is always read.
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
            // The watcher's walk and rule: links to nothing are skipped here (the daemon says so once).
            files.append(contentsOf: InboxFiles.scan(path).files)
        }
        return files
    }

    /// Reads and parses one file; an unreadable file becomes a document with an error diagnostic.
    static func read(_ path: String) -> Document { Document.read(path: path) }
}
