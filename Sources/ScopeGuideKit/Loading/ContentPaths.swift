import Foundation

/// Where a build reads from. Paths are kept as the user wrote them so messages match.
public struct ContentPaths: Sendable {
    public var content: String
    public var templates: String

    public init(content: String = "Content", templates: String = "Templates") {
        self.content = content
        self.templates = templates
    }

    var connectorsDirectory: String { join(content, "connectors") }
    var siteFile: String { join(content, "site.yaml") }
    var stepTemplatesDirectory: String { join(templates, "steps") }
    var layoutsDirectory: String { join(templates, "layouts") }
    var assetsDirectory: String { join(templates, "assets") }
}

func join(_ parts: String...) -> String {
    parts.reduce("") { a, b in a.isEmpty ? b : (a.hasSuffix("/") ? a + b : a + "/" + b) }
}

/// Folder names that are safe in URLs and on every file system: `a-z 0-9 - _`, not leading `-`/`_`.
func isSafeSlug(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, name.utf8.count <= 100 else { return false }
    let allowed = { (c: Unicode.Scalar) in ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_" }
    return ("a"..."z").contains(first) || ("0"..."9").contains(first)
        ? name.unicodeScalars.allSatisfy(allowed) : false
}

/// File checks on plain POSIX calls: Foundation's `fileExists` turned each relative path
/// absolute (a `getcwd` per call), which added up over thousands of content files.
enum FileSystem {
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Entries of a folder, sorted, without hidden ones.
    static func entries(_ path: String) throws(Diagnostics) -> [String] {
        try listing(path).map(\.name).filter { !$0.hasPrefix(".") }
    }

    enum EntryKind { case folder, link, other }

    /// Every entry of a folder (hidden ones too), sorted by name, with its kind as the folder
    /// listing reports it: a build learns which entries are folders without a `stat` each.
    /// A folder that is not there has no entries (callers say what they expected); one that
    /// cannot be read is an error, never an empty site.
    static func listing(_ path: String) throws(Diagnostics) -> [(name: String, kind: EntryKind)] {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw Diagnostics(at: .file(path), "cannot list the folder: \(String(cString: strerror(errno)))", id: "unreadable-folder")
        }
        return withEntries(closing: fd) { _, entries in entries.sorted { $0.name < $1.name } }
    }

    /// Lists an open folder (in `readdir` order, without `.` and `..`) and runs `body` with
    /// the descriptor and the entries; the descriptor is closed afterwards. The listing takes
    /// the descriptor over, so no `dup` is needed to keep using it.
    static func withEntries<T>(closing folder: Int32, _ body: (Int32, [(name: String, kind: EntryKind)]) -> T) -> T {
        guard let dir = fdopendir(folder) else {
            defer { close(folder) }
            return body(folder, [])
        }
        defer { closedir(dir) }
        var out: [(name: String, kind: EntryKind)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) {  // file systems that do not report types
                var info = stat()
                guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let mode = info.st_mode & S_IFMT
                type = Int32(mode == S_IFDIR ? DT_DIR : mode == S_IFLNK ? DT_LNK : DT_REG)
            }
            out.append((name, type == Int32(DT_DIR) ? .folder : type == Int32(DT_LNK) ? .link : .other))
        }
        return body(folder, out)
    }

    /// True when `path`, with symlinks resolved, lies inside `root`.
    static func isInside(_ path: String, root: String) -> Bool {
        // Below `root` by name, with no `.`/`..` and no symlink on the way: it cannot leave
        // `root`, and checking that takes one `lstat` per step instead of a `realpath` (a
        // `readlink` per component of the whole absolute path) of both.
        let base = root.hasSuffix("/") ? root : root + "/"
        if path.utf8.starts(with: base.utf8) {
            let rest = path.utf8.dropFirst(base.utf8.count)
            let steps = rest.split(separator: UInt8(ascii: "/")).map { String(Substring($0)) }
            if !steps.contains(where: { $0 == "." || $0 == ".." }) {
                var current = String(base.utf8.dropLast())!
                var plain = true
                for step in steps {
                    current += "/" + step
                    var info = stat()
                    if lstat(current, &info) != 0 || (info.st_mode & S_IFMT) == S_IFLNK {
                        plain = false
                        break
                    }
                }
                if plain { return true }
            }
        }
        guard let resolvedRoot = realPath(root), let resolved = realPath(path) else { return false }
        return resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/")
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
