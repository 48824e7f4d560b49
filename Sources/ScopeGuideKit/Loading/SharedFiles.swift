import Foundation

/// Section files as a guide reads them, checked to stay inside their folder. Step templates
/// are shared by every connector, so a load reads each one once (the cache lives as long as
/// the load: `serve` and incremental builds see edits on their next load).
final class SharedFiles: @unchecked Sendable {
    enum Read {
        case text(String)
        case missing
        /// A link that leads outside the folder it is named in.
        case outside
        case failed(Diagnostics)
    }

    private let lock = NSLock()
    private var reads: [String: Read] = [:]

    func read(_ path: String, inside base: String) -> Read {
        if let known = lock.withLock({ reads[path] }) { return known }
        let read = Self.read(path, inside: base)
        lock.withLock { reads[path] = read }
        return read
    }

    static func read(_ path: String, inside base: String) -> Read {
        do {
            // A file directly in `base` that is not a link cannot lead outside it; anything
            // else (a link, a path through sub-folders) gets the full check.
            if !path.dropFirst(base.utf8.count + 1).contains("/") {
                switch try TextFile.readUnlessLink(path, displayPath: path) {
                case .text(let text): return .text(text)
                case .missing: return .missing
                case .link: break
                }
            }
            if !FileSystem.isInside(path, root: base) && FileSystem.exists(path) { return .outside }
            guard let text = try TextFile.readIfPresent(path, displayPath: path) else { return .missing }
            return .text(text)
        } catch {
            return .failed(error)
        }
    }
}
