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
    static func entries(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { !$0.hasPrefix(".") }
            .sorted()
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
