import Foundation
import Testing

/// Paths and scratch folders shared by the import and diff tests.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var templates: String { root + "/Templates" }
    static var fixtures: String { root + "/Tests/fixtures/import" }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)
    }
}

/// A temporary folder removed when the value goes away.
final class Scratch {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sg-import-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file below the folder, creating folders on the way.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
        return full
    }

    /// Runs git in the folder, as a test user; a failing command is a test failure.
    func git(_ args: String...) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", path, "-c", "user.name=Test", "-c", "user.email=test@example.com"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "git \(args)")
    }

    /// A content folder with the repository's site.yaml.
    func content() throws -> String {
        let site = try String(contentsOfFile: Repo.root + "/Content/site.yaml", encoding: .utf8)
        try write("Content/site.yaml", site)
        return path + "/Content"
    }
}

/// The few HTML entities the fixture and the built page use.
func decodeEntities(_ s: String) -> String {
    s.replacingOccurrences(of: "&#x22;", with: "\"").replacingOccurrences(of: "&quot;", with: "\"")
        .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
        .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
}

/// Every capture group 1 of `pattern` in `text` (test oracle over attributes, not Markdown).
func captures(_ pattern: String, in text: String, group: Int = 1) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let ns = text as NSString
    return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
        $0.range(at: group).location == NSNotFound ? "" : ns.substring(with: $0.range(at: group))
    }
}
