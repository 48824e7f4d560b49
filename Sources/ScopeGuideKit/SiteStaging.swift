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
/// `build` hands each connector's files to `write` as soon as they are rendered, from any
/// thread, so writing overlaps rendering and no file waits in memory for the rest of the
/// site. A staging folder that is never committed is removed when the value goes away.
public final class SiteStaging: Sendable {
    public let output: String
    private let target: String
    private let staging: String
    /// The staging folder and the current site, open: files are created, compared and linked
    /// relative to them, so the kernel does not walk the whole path for every file.
    private let stagingFolder: Int32
    private let currentFolder: Int32
    private let committed = ConcurrentResults<Bool>(count: 1)
    /// Every file written or linked, for removing the previous site without listing it.
    private let written = PathList()

    public init(output: String) throws(WriteError) {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        guard FileSystem.isDirectory(parent.path) else {
            throw WriteError(path: output, message: "the output folder's parent '\(parent.path)' does not exist")
        }
        guard access(parent.path, W_OK) == 0 else {
            throw WriteError(path: output, message: "cannot write to '\(parent.path)' (permission denied)")
        }
        self.output = output
        self.target = target.path
        self.staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())").path
        Self.removeStale(parent: parent.path, name: target.lastPathComponent)
        Self.removeTree(staging)
        guard mkdir(staging, 0o755) == 0 else {
            throw WriteError(path: output, message: "cannot write the site: \(String(cString: strerror(errno)))")
        }
        stagingFolder = open(staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard stagingFolder >= 0 else {
            let reason = String(cString: strerror(errno))
            Self.removeTree(staging)
            throw WriteError(path: output, message: "cannot write the site: \(reason)")
        }
        currentFolder = open(self.target, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)  // -1: no site yet
    }

    deinit {
        close(stagingFolder)
        if currentFolder >= 0 { close(currentFolder) }
        if committed[0] != true { Self.removeTree(staging) }
    }

    /// Writes files into the staging folder; safe to call from several threads at once.
    /// A file whose bytes equal the current site's is hard-linked instead of written.
    public func write(_ files: [OutputFile]) throws(WriteError) {
        var folders = Set<String>()
        for file in files {
            var dir = (file.path as NSString).deletingLastPathComponent
            while !dir.isEmpty, folders.insert(dir).inserted { dir = (dir as NSString).deletingLastPathComponent }
        }
        for dir in folders.sorted(by: { $0.utf8.count < $1.utf8.count }) {
            guard mkdirat(stagingFolder, dir, 0o755) == 0 || errno == EEXIST else {
                throw WriteError(path: output, message: "cannot write \(dir): \(String(cString: strerror(errno)))")
            }
        }
        written.append(files.map(\.path))
        for file in files {
            if currentFolder >= 0, Self.reuse(file, in: currentFolder, into: stagingFolder) { continue }
            guard Self.writeFile(file.path, in: stagingFolder, file.contents) else {
                throw WriteError(path: output, message: "cannot write \(file.path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Swaps the staging folder in as the output folder, then removes the previous site.
    public func commit() throws(WriteError) {
        if FileSystem.exists(target) {
            guard FileSystem.isDirectory(target) else {
                throw WriteError(path: output, message: "output path exists and is not a folder")
            }
            guard sg_exchange_paths(staging, target) == 0 else {
                throw WriteError(path: output, message: "cannot swap in the new site: \(String(cString: strerror(errno)))")
            }
            committed[0] = true
            // The staging path now holds the previous site. It mostly has this build's paths
            // (unchanged files are links to them), so those are removed by name, without
            // listing every folder; a listing of what is left catches the rest.
            let previous = open(staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if previous >= 0 {
                Self.removeKnown(FileTree(written.all), in: previous)
                close(previous)
            }
            Self.removeTree(staging)
        } else {
            guard rename(staging, target) == 0 else {
                throw WriteError(path: output, message: "cannot move the new site in place: \(String(cString: strerror(errno)))")
            }
            committed[0] = true
        }
    }

    /// Plain open/write/close: Foundation's `Data.write` also syncs, which a rebuildable
    /// site does not need (the swap is what makes it safe).
    private static func writeFile(_ path: String, in folder: Int32, _ data: Data) -> Bool {
        let fd = openat(folder, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
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
    private static func reuse(_ file: OutputFile, in current: Int32, into staging: Int32) -> Bool {
        let fd = openat(current, file.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == file.contents.count else {
            return false
        }
        // Compared a chunk at a time through a stack buffer: no allocation per file.
        let same = file.contents.withUnsafeBytes { expected -> Bool in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16_384) { buffer in
                var offset = 0
                while offset < expected.count {
                    let n = Glibc.read(fd, buffer.baseAddress!, min(buffer.count, expected.count - offset))
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0, memcmp(buffer.baseAddress!, expected.baseAddress! + offset, n) == 0 else { return false }
                    offset += n
                }
                return true
            }
        }
        return same && linkat(current, file.path, staging, file.path, 0) == 0
    }

    /// Deletes a folder tree, its top-level entries on all cores (deleting thousands of small
    /// files is mostly file-system calls, which the kernel can run side by side).
    private static func removeTree(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { unlink(path); return }  // not a folder, or gone
        FileSystem.withEntries(closing: fd) { fd, top in
            DispatchQueue.concurrentPerform(iterations: top.count) { i in
                removeEntry(top[i].name, isFolder: top[i].kind == .folder, parent: fd)
            }
        }
        rmdir(path)
    }

    /// Removes the files and folders of `tree` from the open folder `folder`, the top-level
    /// folders on all cores. Folders are opened without following links, so nothing outside
    /// the old site is touched; a folder that is not empty afterwards (files this build did
    /// not write) is removed by listing it.
    private static func removeKnown(_ tree: FileTree, in folder: Int32, concurrently: Bool = true) {
        for file in tree.files { unlinkat(folder, file, 0) }
        let folders = Array(tree.folders)
        let body: @Sendable (Int) -> Void = { i in
            let (name, subtree) = folders[i]
            let fd = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return }
            removeKnown(subtree, in: fd, concurrently: false)
            close(fd)
            if unlinkat(folder, name, AT_REMOVEDIR) != 0 { removeEntry(name, isFolder: true, parent: folder) }
        }
        if concurrently { DispatchQueue.concurrentPerform(iterations: folders.count, execute: body) } else { folders.indices.forEach(body) }
    }

    /// Removes one entry of an open folder, a subtree depth first. Names come from `readdir`
    /// with their types and removal is relative to the folder (`unlinkat`): no `lstat` per
    /// file and no walk of the full path for each, as `FileManager.removeItem` does.
    private static func removeEntry(_ name: String, isFolder: Bool, parent: Int32) {
        if !isFolder, unlinkat(parent, name, 0) == 0 { return }
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { unlinkat(parent, name, 0); return }
        FileSystem.withEntries(closing: fd) { fd, children in
            for child in children { removeEntry(child.name, isFolder: child.kind == .folder, parent: fd) }
        }
        unlinkat(parent, name, AT_REMOVEDIR)
    }

    /// Staging folders of builds that were killed before they could clean up.
    private static func removeStale(parent: String, name: String) {
        let prefix = ".\(name).tmp-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(prefix) {
            if let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) == 0 { continue }  // still running
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }
}

/// Relative paths collected from several threads.
private final class PathList: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [[String]] = []

    func append(_ batch: [String]) { lock.withLock { paths.append(batch) } }
    var all: [String] { lock.withLock { paths.flatMap { $0 } } }
}

/// Relative file paths as a tree of folder names.
private struct FileTree: Sendable {
    var files: [String] = []
    var folders: [String: FileTree] = [:]

    init(_ paths: [String]) {
        for path in paths { insert(path.split(separator: "/").map(String.init)[...]) }
    }

    private init() {}

    private mutating func insert(_ parts: ArraySlice<String>) {
        guard let first = parts.first else { return }
        if parts.count == 1 {
            files.append(first)
        } else {
            folders[first, default: FileTree()].insert(parts.dropFirst())
        }
    }
}
