import ArgumentParser
import Foundation
import KithFormats

/// Finds and reads input files: the only place `kith` touches the inbox's files.
enum InputFiles {
    /// The files named, with folders read recursively (hidden entries skipped), in a stable order.
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                let full = (path as NSString).appendingPathComponent(relative)
                var childIsDirectory: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                    let lower = name.lowercased()
                    if lower.hasSuffix(".ics") || lower.hasSuffix(".vcf") || lower.hasSuffix(".vcard")
                        || lower.hasSuffix(".ical")
                    {
                        found.append(full)
                    }
                }
            }
            files.append(contentsOf: found.sorted())
        }
        return files
    }

    /// Reads and parses one file; an unreadable file becomes a document with an error diagnostic.
    static func read(_ path: String) -> Document {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failed(path: path, code: .unreadableFile, message: "cannot read the file")
        }
        var bytes = [UInt8](data)
        guard let kind = Document.kind(path: path, bytes: bytes) else {
            return .failed(path: path, code: .unknownFormat, message: "neither an iCalendar nor a vCard file")
        }
        let document = Document.parse(bytes: consume bytes, path: path, kind: kind)
        bytes = []
        return document
    }
}
