import Foundation

/// Maps a request target to a file inside the output folder, refusing anything that could
/// reach outside it: `..` (plain or percent-encoded), empty or hidden segments, NUL,
/// backslashes, and symlinks whose target lies outside (checked on the resolved path).
struct ServedPath: Sendable {
    enum Resolution: Equatable, Sendable {
        case file(String)
        /// A folder asked for without its trailing slash: pages link relatively, so redirect.
        case redirect(String)
        case notFound
    }

    /// The output folder with symlinks resolved.
    let root: String

    init(root: String) {
        self.root = Self.realPath(root) ?? root
    }

    func resolve(_ target: String) -> Resolution {
        let rawPath = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding else { return .notFound }
        guard !decoded.contains("\0"), !decoded.contains("\\") else { return .notFound }
        var segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let wantsFolder = decoded.hasSuffix("/")
        if wantsFolder { segments = segments.dropLast() }
        for segment in segments where segment.isEmpty || segment.hasPrefix(".") {
            return .notFound  // "", ".", ".." and hidden files (temporary files of atomic writes)
        }
        let joined = segments.isEmpty ? root : root + "/" + segments.joined(separator: "/")
        guard let resolved = Self.realPath(joined), isInside(resolved) else { return .notFound }
        if Self.isDirectory(resolved) {
            guard wantsFolder || segments.isEmpty else { return .redirect(rawPath + "/") }
            guard let index = Self.realPath(resolved + "/index.html"), isInside(index), Self.isRegularFile(index) else {
                return .notFound
            }
            return .file(index)
        }
        return !wantsFolder && Self.isRegularFile(resolved) ? .file(resolved) : .notFound
    }

    private func isInside(_ path: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// Content types by file extension; text types say UTF-8.
enum ContentTypes {
    static func forPath(_ path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "md": return "text/markdown; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "ico": return "image/x-icon"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }
}
