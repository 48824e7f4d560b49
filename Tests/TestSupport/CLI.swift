import Foundation

/// Runs the `scopeguide` binary from the package root: shared by both test targets, so every
/// CLI test runs the binary of the sources under test, built here when missing or stale.
public enum CLI {
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The package root, above `Tests/TestSupport/`.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary of the build these tests belong to, up to date with the sources, or why
    /// there is none. SwiftPM puts products beside the test bundle
    /// (`<scratch>/<triple>/<configuration>/`), but `swift test` compiles the executable's
    /// code without linking the binary: on a fresh clone there is none, and after a change to
    /// `Sources/` it is stale. Then it is built here, once per test run, into that same folder
    /// (`swift build --product scopeguide --ignore-lock`: `swift test` holds the scratch
    /// folder's lock while the tests run). After `make test`'s own build it is just found.
    public static let binary: Swift.Result<String, BinaryError> = locateOrBuild()

    public struct BinaryError: Error, CustomStringConvertible {
        public var description: String
    }

    private static func locateOrBuild() -> Swift.Result<String, BinaryError> {
        // The configuration folder ("debug", "release") that holds the running test bundle.
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        while !["debug", "release"].contains(folder.lastPathComponent), folder.pathComponents.count > 1 {
            folder = folder.deletingLastPathComponent()
        }
        guard ["debug", "release"].contains(folder.lastPathComponent) else {
            return .failure(BinaryError(description: "cannot tell the build folder from \(executable.path)"))
        }
        let binary = folder.appendingPathComponent("scopeguide").path
        if let built = modified(binary), built >= newestSource() { return .success(binary) }

        let scratch = folder.deletingLastPathComponent().deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "--product", "scopeguide", "--ignore-lock", "--scratch-path", scratch,
                             "-c", folder.lastPathComponent]
        process.currentDirectoryURL = root
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        do { try process.run() } catch {
            return .failure(BinaryError(description: "cannot run swift build: \(error)"))
        }
        let output = log.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: binary) else {
            return .failure(BinaryError(description: "swift build --product scopeguide failed:\n"
                                        + String(decoding: output.suffix(4000), as: UTF8.self)))
        }
        // Up to date now, even when the build found nothing to relink (a file saved unchanged):
        // the next run then finds it instead of asking SwiftPM again.
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: binary)
        return .success(binary)
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// When the package's sources last changed: the binary must be at least as new.
    private static func newestSource() -> Date {
        var newest = modified(root.appendingPathComponent("Package.swift").path) ?? .distantPast
        let sources = root.appendingPathComponent("Sources").path
        for relative in FileManager.default.enumerator(atPath: sources)?.allObjects as? [String] ?? [] {
            if let date = modified(sources + "/" + relative), date > newest { newest = date }
        }
        return newest
    }

    public static func run(_ arguments: [String], in directory: String = root.path) throws -> Result {
        let binary: String
        switch Self.binary {
        case .success(let path): binary = path
        case .failure(let error):
            throw error  // the test fails with why there is no binary
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large output cannot fill a pipe and block.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
