import CShims
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The write stage for `build` (a `SiteWriter`): puts a complete site in place, or leaves the
/// old one alone.
///
/// The site is written into a spare folder beside the output, `.NAME.previous`, and swapped
/// with the output in one `renameat2(RENAME_EXCHANGE)` call once every file is there, so a
/// reader — or a build killed at any moment — sees either the old complete site or the new
/// one, never a mix. After the swap the spare folder holds the site just replaced, and the
/// next build starts from it: the manifest each build leaves beside its folder
/// (`SiteManifest`) says which files already hold the right bytes, so unchanged files are
/// neither read nor written (they keep their modification times) and no site is deleted
/// file by file. Without a manifest to trust (the first build, one after a killed or failed
/// build) the spare folder is emptied and written in full; files or folders changed by hand
/// are found by their status-change times and rewritten.
///
/// `build` hands each connector's files to `write` as soon as they are rendered, from any
/// thread, so writing overlaps rendering and no file waits in memory for the rest. Each
/// call owns the folders below its files' top folder (a connector's), so calls never work
/// on the same folder at once.
public final class SiteStaging: Sendable {
    public let output: String
    private let target: String
    private let spare: String
    private let names: ManifestNames
    /// The spare folder, open: files are checked and written relative to it, so the kernel
    /// does not walk the whole path for every file.
    private let spareFolder: Int32
    /// What the spare folder held when this build started; nil when it started empty.
    private let previous: SiteManifest?
    private let index: NameIndex?
    private let records = Records()

    /// The hidden files beside the output that hold the manifests.
    private struct ManifestNames {
        /// Describes the spare folder (the site before the current one).
        let spare: String
        /// Describes the output folder.
        let output: String
        /// Being written, for the spare folder about to become the output.
        let next: String
    }

    public init(output: String) throws(Diagnostics) {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        guard FileSystem.isDirectory(parent.path) else {
            throw Diagnostics(at: .file(output), "the output folder's parent '\(parent.path)' does not exist")
        }
        guard access(parent.path, W_OK) == 0 else {
            throw Diagnostics(at: .file(output), "cannot write to '\(parent.path)' (permission denied)")
        }
        self.output = output
        self.target = target.path
        let hidden = parent.appendingPathComponent(".\(target.lastPathComponent)").path
        spare = hidden + ".previous"
        names = ManifestNames(spare: hidden + ".previous.manifest", output: hidden + ".manifest", next: hidden + ".next.manifest")
        // The spare folder is about to change: its manifest goes first, so that if this build
        // stops half-way the next one does not trust what is left.
        let manifest = SiteManifest.read(names.spare)
        unlink(names.spare)
        unlink(names.next)
        var folder = open(spare, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if folder >= 0, let manifest, Self.isDescribed(folder, by: manifest) {
            previous = manifest
            index = NameIndex(manifest)
            // The swap moved the top folder's status-change time, so it is always listed.
            Self.removeUnknown(in: "", of: folder, expected: manifest.topNames)
        } else {
            if folder >= 0 { close(folder) }
            previous = nil
            index = nil
            Removal.tree(spare)
            guard mkdir(spare, 0o755) == 0 else {
                throw Diagnostics(at: .file(output), "cannot write the site: \(String(cString: strerror(errno)))")
            }
            folder = open(spare, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard folder >= 0 else {
                throw Diagnostics(at: .file(output), "cannot write the site: \(String(cString: strerror(errno)))")
            }
        }
        spareFolder = folder
    }

    deinit {
        close(spareFolder)
    }

    /// Files this build wrote (the rest were already in place).
    public var rewritten: Int { records.rewritten }

    /// Writes files into the spare folder; safe to call from several threads at once for
    /// files under different top folders. A file the manifest shows unchanged, with the same
    /// size and hash, is left as it is.
    public func write(_ files: [OutputFile]) throws(Diagnostics) {
        var batch = Batch()
        for file in files {
            let hash = file.contents.withUnsafeBytes { sg_xxh64($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, $0.count, 0) }
            try prepareFolders(above: file.path, in: &batch)
            if let old = previous?.files[file.path] {
                batch.known += 1
                if old.size == file.contents.count, old.hash == hash, isUnchanged(file, old) {
                    SiteManifest.appendFile(file.path, old, to: &batch.lines)
                    continue
                }
            }
            guard let info = writeFile(file) else {
                throw Diagnostics(at: .file(output), "cannot write \(file.path): \(String(cString: strerror(errno)))")
            }
            let parent = SiteManifest.parent(of: file.path)
            if !parent.isEmpty { batch.folders[parent] = .changed }
            SiteManifest.appendFile(file.path, .init(size: file.contents.count, hash: hash, inode: UInt64(info.st_ino),
                                                     changed: SiteManifest.Stamp(info.st_ctim)), to: &batch.lines)
            batch.rewritten += 1
        }
        for (path, state) in batch.folders {
            let status: SiteManifest.Folder?
            switch state {
            case .unchanged(let recorded): status = recorded
            case .changed: status = folderStatus(path)
            }
            guard let status else {
                throw Diagnostics(at: .file(output), "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            SiteManifest.appendFolder(path, status, to: &batch.lines)
        }
        records.append(lines: batch.lines, paths: files.map(\.path), known: batch.known, rewritten: batch.rewritten)
    }

    /// A folder as one `write` call left it: as recorded at the start, or changed (entries
    /// added or removed), its status then read again once the call's files are written.
    private enum FolderState {
        case unchanged(SiteManifest.Folder)
        case changed
    }

    /// What one `write` call did, for the manifest.
    private struct Batch {
        var lines: [UInt8] = []
        /// The folders above the files.
        var folders: [String: FolderState] = [:]
        /// Paths the previous manifest had (files and folders).
        var known = 0
        var rewritten = 0
    }

    /// Makes sure every folder above `path` is there and holds nothing this build does not
    /// know of: a recorded folder whose status-change time moved is listed and cleaned, one
    /// that is no longer a folder is replaced, and a missing one is made.
    private func prepareFolders(above path: String, in batch: inout Batch) throws(Diagnostics) {
        var above: [Substring] = []
        var dir = path[...]
        while let slash = dir.lastIndex(of: "/") { dir = dir[..<slash]; above.append(dir) }
        for folder in above.reversed().map(String.init) where batch.folders.index(forKey: folder) == nil {
            if let recorded = previous?.folders[folder] {
                batch.known += 1
                var info = stat()
                if fstatat(spareFolder, folder, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
                   UInt64(info.st_ino) == recorded.inode {
                    let now = SiteManifest.Stamp(info.st_ctim)
                    if now == recorded.changed && recorded.changed < previous!.stamp {
                        batch.folders[folder] = .unchanged(recorded)
                    } else {
                        Self.removeUnknown(in: folder, of: spareFolder, expected: index!.names(in: folder))
                        batch.folders[folder] = .changed
                    }
                    continue
                }
                Removal.entry(folder, isFolder: true, parent: spareFolder)  // replaced by something else
            } else if previous?.files[folder] != nil {
                unlinkat(spareFolder, folder, 0)
            }
            guard mkdirat(spareFolder, folder, 0o755) == 0 || errno == EEXIST else {
                throw Diagnostics(at: .file(output), "cannot write \(folder): \(String(cString: strerror(errno)))")
            }
            batch.folders[folder] = .changed
            let parent = SiteManifest.parent(of: folder)
            if !parent.isEmpty { batch.folders[parent] = .changed }  // the top folder is always listed
        }
    }

    /// Removes the entries of a folder of the spare that its manifest does not list.
    private static func removeUnknown(in path: String, of spare: Int32, expected: Set<String>) {
        let fd = openat(spare, path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        FileSystem.withEntries(closing: fd) { fd, entries in
            for entry in entries where !expected.contains(entry.name) {
                Removal.entry(entry.name, isFolder: entry.kind == .folder, parent: fd)
            }
        }
    }

    /// Removes what is left of the older site, records the spare folder in a manifest and
    /// swaps it in as the output folder.
    public func commit() throws(Diagnostics) {
        var lines = records.lines
        if let previous, records.known < previous.files.count + previous.folders.count {
            for (path, status) in removeLeftovers(of: previous, keeping: records.paths) {
                SiteManifest.appendFolder(path, status, to: &lines)  // replaces the line written before
            }
        }
        let manifest = writeManifest(lines)
        if FileSystem.exists(target) {
            guard FileSystem.isDirectory(target) else {
                throw Diagnostics(at: .file(output), "output path exists and is not a folder")
            }
            guard sg_exchange_paths(spare, target) == 0 else {
                throw Diagnostics(at: .file(output), "cannot swap in the new site: \(String(cString: strerror(errno)))")
            }
            // The previous output is the spare folder now, and its manifest goes with it.
            rename(names.output, names.spare)
        } else {
            guard rename(spare, target) == 0 else {
                throw Diagnostics(at: .file(output), "cannot move the new site in place: \(String(cString: strerror(errno)))")
            }
        }
        if manifest { rename(names.next, names.output) } else { unlink(names.output) }
    }

    /// True when `folder` is the very folder `manifest` describes (inodes travel with it
    /// through the swaps).
    private static func isDescribed(_ folder: Int32, by manifest: SiteManifest) -> Bool {
        var info = stat()
        return fstat(folder, &info) == 0 && UInt64(info.st_dev) == manifest.device && UInt64(info.st_ino) == manifest.inode
    }

    /// True when the spare's file is still the one the manifest recorded: same inode, size
    /// and status-change time. A time as late as the manifest's own is compared byte by byte.
    private func isUnchanged(_ file: OutputFile, _ recorded: SiteManifest.File) -> Bool {
        var info = stat()
        guard let previous, fstatat(spareFolder, file.path, &info, AT_SYMLINK_NOFOLLOW) == 0,
              (info.st_mode & S_IFMT) == S_IFREG, UInt64(info.st_ino) == recorded.inode, Int(info.st_size) == recorded.size,
              SiteManifest.Stamp(info.st_ctim) == recorded.changed else { return false }
        return recorded.changed < previous.stamp || Self.holdsBytes(file, in: spareFolder)
    }

    private func folderStatus(_ folder: String) -> SiteManifest.Folder? {
        var info = stat()
        guard fstatat(spareFolder, folder, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return SiteManifest.Folder(inode: UInt64(info.st_ino), changed: SiteManifest.Stamp(info.st_ctim))
    }

    /// Writes one file as a new inode (an older one may have other names, which must not
    /// change) with plain open/write/close: Foundation's `Data.write` also syncs, which a
    /// rebuildable site does not need (the swap is what makes it safe). Returns its status.
    private func writeFile(_ file: OutputFile) -> stat? {
        if previous?.files[file.path] != nil || previous?.folders[file.path] != nil {
            Removal.entry(file.path, isFolder: previous?.folders[file.path] != nil, parent: spareFolder)
        }
        var fd = openat(spareFolder, file.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if fd < 0 && errno == EEXIST {  // not in the manifest: written earlier by this build
            Removal.entry(file.path, isFolder: false, parent: spareFolder)
            fd = openat(spareFolder, file.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let written = file.contents.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        var info = stat()
        return written && fstat(fd, &info) == 0 ? info : nil
    }

    /// Compares a file of the spare folder with the bytes it should hold, a chunk at a time
    /// through a stack buffer (no allocation per file).
    private static func holdsBytes(_ file: OutputFile, in folder: Int32) -> Bool {
        let fd = openat(folder, file.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return file.contents.withUnsafeBytes { expected -> Bool in
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
    }

    /// Removes the older site's files and folders that this build did not write (files
    /// first, then folders, deepest first); returns the new status of the folders they were
    /// removed from.
    private func removeLeftovers(of previous: SiteManifest, keeping paths: [String]) -> [String: SiteManifest.Folder] {
        var kept = Set(paths)
        for path in paths {
            var dir = path[...]
            while let slash = dir.lastIndex(of: "/") { dir = dir[..<slash]; if !kept.insert(String(dir)).inserted { break } }
        }
        var touched = Set<String>()
        for path in previous.files.keys where !kept.contains(path) {
            unlinkat(spareFolder, path, 0)
            touched.insert(SiteManifest.parent(of: path))
        }
        for path in previous.folders.keys.sorted(by: { $0.utf8.count > $1.utf8.count }) where !kept.contains(path) {
            if unlinkat(spareFolder, path, AT_REMOVEDIR) != 0 { Removal.entry(path, isFolder: true, parent: spareFolder) }
            touched.insert(SiteManifest.parent(of: path))
        }
        var status: [String: SiteManifest.Folder] = [:]
        for path in touched where kept.contains(path) && !path.isEmpty { status[path] = folderStatus(path) }
        return status
    }

    /// Writes the spare folder's manifest to the `next` name; false when it could not be
    /// (the next build then writes everything, which is slower but just as right).
    private func writeManifest(_ lines: [UInt8]) -> Bool {
        var info = stat()
        guard fstat(spareFolder, &info) == 0 else { return false }
        let (device, inode) = (UInt64(info.st_dev), UInt64(info.st_ino))
        let fd = open(names.next, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // The manifest's own creation time, after every write of this build, on the same file
        // system and clock as the times it records: what `stamp` needs.
        guard fstat(fd, &info) == 0 else { return false }
        let opening = SiteManifest.opening(device: device, inode: inode, stamp: SiteManifest.Stamp(info.st_ctim))
        return [opening, lines].allSatisfy { bytes in
            bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) == $0.count }
        }
    }
}

/// The names each folder of the previous site should list, worked out once and only when
/// a folder has to be checked by listing it.
private final class NameIndex: Sendable {
    private let manifest: SiteManifest
    private let lock = NSLock()
    nonisolated(unsafe) private var cached: [String: Set<String>]?

    init(_ manifest: SiteManifest) { self.manifest = manifest }

    func names(in folder: String) -> Set<String> {
        lock.withLock {
            if cached == nil { cached = manifest.names }
            return cached![folder] ?? []
        }
    }
}

/// What the `write` calls did, collected from several threads.
private final class Records: @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [[UInt8]] = []
    private var pathBatches: [[String]] = []
    private var knownCount = 0
    private var rewrittenCount = 0

    func append(lines: [UInt8], paths: [String], known: Int, rewritten: Int) {
        lock.withLock {
            batches.append(lines); pathBatches.append(paths)
            knownCount += known; rewrittenCount += rewritten
        }
    }

    /// The manifest lines of every file and folder written or kept.
    var lines: [UInt8] { lock.withLock { Array(batches.joined()) } }
    /// Every file written or kept.
    var paths: [String] { lock.withLock { Array(pathBatches.joined()) } }
    /// How many of these the previous manifest had.
    var known: Int { lock.withLock { knownCount } }
    var rewritten: Int { lock.withLock { rewrittenCount } }
}
