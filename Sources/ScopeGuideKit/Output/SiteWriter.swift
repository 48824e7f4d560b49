import Foundation

/// The write stage: where a build's files go. `write` is called from several threads at
/// once, each call with the files of one connector (or the site-wide files).
public protocol SiteWriter: Sendable {
    func write(_ files: [OutputFile]) throws(Diagnostics)
}

extension SiteStaging: SiteWriter {}

/// Keeps the files in memory, path → bytes: what tests compare.
public final class MemoryWriter: SiteWriter, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String: [UInt8]] = [:]

    public init() {}

    public func write(_ files: [OutputFile]) throws(Diagnostics) {
        lock.withLock { for file in files { stored[file.path] = file.contents } }
    }

    public var files: [String: [UInt8]] { lock.withLock { stored } }
}

/// Updates a folder in place, file by file, each file atomically (a reader sees the old
/// bytes or the new): the preview folder `serve` serves while it rebuilds.
public struct FolderWriter: SiteWriter {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    public func write(_ files: [OutputFile]) throws(Diagnostics) {
        for file in files {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(file.path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url, options: .atomic)
            } catch {
                throw Diagnostics(at: .file(url.path), "cannot write: \(error.localizedDescription)")
            }
        }
    }

    /// Removes files, and the folders they leave empty.
    public func remove(_ paths: [String]) throws(Diagnostics) {
        for path in paths {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
            if unlink(url.path) != 0 && errno != ENOENT {
                throw Diagnostics(at: .file(url.path), "cannot remove: \(String(cString: strerror(errno)))")
            }
            removeEmptyParents(of: url)
        }
    }

    private func removeEmptyParents(of url: URL) {
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        var dir = url.deletingLastPathComponent().standardizedFileURL
        // rmdir removes a folder only when it is empty, which is the one case wanted here.
        while dir.path.hasPrefix(root + "/"), rmdir(dir.path) == 0 {
            dir = dir.deletingLastPathComponent()
        }
    }
}
