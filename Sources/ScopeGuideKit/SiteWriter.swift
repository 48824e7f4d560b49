import CShims
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

private struct POSIXError: Error, CustomStringConvertible {
    let code: Int32
    let path: String
    init(_ code: Int32, _ path: String) { self.code = code; self.path = path }
    var description: String { "\(path): \(String(cString: strerror(code)))" }
}

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
            try fill(staging: staging.path, from: target.path, with: files)
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
            removeTree(staging.path)  // now holds the previous site
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

    /// Creates every folder once, parents first, then writes the files on all cores.
    private func fill(staging: String, from target: String, with files: [OutputFile]) throws {
        var folders = Set<String>()
        for file in files {
            var dir = (file.path as NSString).deletingLastPathComponent
            while !dir.isEmpty, folders.insert(dir).inserted { dir = (dir as NSString).deletingLastPathComponent }
        }
        for dir in folders.sorted(by: { $0.utf8.count < $1.utf8.count }) {
            guard mkdir(staging + "/" + dir, 0o755) == 0 || errno == EEXIST else { throw POSIXError(errno, dir) }
        }
        let failures = ConcurrentResults<String>(count: 1)
        let chunk = 64
        DispatchQueue.concurrentPerform(iterations: (files.count + chunk - 1) / chunk) { c in
            for file in files[(c * chunk)..<min(files.count, (c + 1) * chunk)] {
                let path = staging + "/" + file.path
                if reuse(file, from: target + "/" + file.path, at: path) { continue }
                if !writeFile(path, file.contents) { failures[0] = "\(file.path): \(String(cString: strerror(errno)))" }
            }
        }
        if let failure = failures[0] { throw WriteError(path: output, message: "cannot write \(failure)") }
    }

    /// Plain open/write/close: Foundation's `Data.write` also syncs, which a rebuildable
    /// site does not need (the swap is what makes it safe).
    private func writeFile(_ path: String, _ data: Data) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
    }

    /// Links an unchanged file from the current site instead of writing it again, so only
    /// changed files get new bytes (and new modification times) in the output.
    private func reuse(_ file: OutputFile, from old: String, at path: String) -> Bool {
        var info = stat()
        guard lstat(old, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == file.contents.count,
              let bytes = FileManager.default.contents(atPath: old), bytes == file.contents else { return false }
        return link(old, path) == 0
    }

    /// Deletes a folder tree, its top-level entries on all cores (deleting thousands of small
    /// files is mostly file-system calls, which the kernel can run side by side).
    private func removeTree(_ path: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        DispatchQueue.concurrentPerform(iterations: entries.count) { i in
            try? FileManager.default.removeItem(atPath: path + "/" + entries[i])
        }
        try? FileManager.default.removeItem(atPath: path)
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
