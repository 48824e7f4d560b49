import CShims
import Foundation

public struct WriteError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): error: \(message)" }
}

/// Step five of the pipeline: puts a complete site in place, or leaves the old one alone.
///
/// Files go to a hidden sibling folder first; only when every file is written is it swapped
/// with the output folder in one `renameat2(RENAME_EXCHANGE)` call, so a reader — or a build
/// killed at any moment — sees either the old complete site or the new one, never a mix.
public struct SiteWriter: Sendable {
    public var output: String

    public init(output: String) { self.output = output }

    @discardableResult
    public func write(_ files: [OutputFile]) throws(WriteError) -> Int {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        guard FileSystem.isDirectory(parent.path) else {
            throw WriteError(path: output, message: "the output folder's parent '\(parent.path)' does not exist")
        }
        guard fm.isWritableFile(atPath: parent.path) else {
            throw WriteError(path: output, message: "cannot write to '\(parent.path)' (permission denied)")
        }
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        removeStale(parent: parent, name: target.lastPathComponent)
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            var made = Set<String>()
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                let dir = url.deletingLastPathComponent().path
                if made.insert(dir).inserted { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
                if !reuse(file, from: target, at: url) { try file.contents.write(to: url) }
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw WriteError(path: output, message: "cannot write the site: \(TextFile.reason(error))")
        }
        if FileSystem.exists(target.path) {
            guard FileSystem.isDirectory(target.path) else {
                try? fm.removeItem(at: staging)
                throw WriteError(path: output, message: "output path exists and is not a folder")
            }
            guard sg_exchange_paths(staging.path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: staging)
                throw WriteError(path: output, message: "cannot swap in the new site: \(reason)")
            }
            try? fm.removeItem(at: staging)  // now holds the previous site
        } else {
            do {
                try fm.moveItem(at: staging, to: target)
            } catch {
                try? fm.removeItem(at: staging)
                throw WriteError(path: output, message: "cannot move the new site in place: \(TextFile.reason(error))")
            }
        }
        return files.count
    }

    /// Links an unchanged file from the current site instead of writing it again, so only
    /// changed files get new bytes (and new modification times) in the output.
    private func reuse(_ file: OutputFile, from target: URL, at url: URL) -> Bool {
        let old = target.appendingPathComponent(file.path).path
        var info = stat()
        guard lstat(old, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == file.contents.count,
              let bytes = FileManager.default.contents(atPath: old), bytes == file.contents else { return false }
        return link(old, url.path) == 0
    }

    /// Staging folders of builds that were killed before they could clean up.
    private func removeStale(parent: URL, name: String) {
        let prefix = ".\(name).tmp-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where entry.hasPrefix(prefix) {
            if let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) == 0 { continue }  // still running
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
        }
    }
}
