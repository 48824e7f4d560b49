import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads content files as UTF-8 text, reporting what is wrong with a location.
enum TextFile {
    /// Plain `open`/`read`: Foundation's `Data(contentsOf:)` resolves symlinks and stats the
    /// path again for every file, which cost more than reading on a 5,000-file site.
    static func read(_ path: String, displayPath: String) throws(Diagnostics) -> String {
        guard let text = try readIfPresent(path, displayPath: displayPath) else {
            throw Diagnostics(at: SourceLocation(path: displayPath), "cannot read file: no such file")
        }
        return text
    }

    /// Like `read`, but nil when there is no such file, for callers that report a missing
    /// file in their own words (and would otherwise check for it first: one call less).
    static func readIfPresent(_ path: String, displayPath: String) throws(Diagnostics) -> String? {
        guard case .bytes(let bytes) = try readBytes(path, displayPath: displayPath, flags: 0) else { return nil }
        return try text(bytes, displayPath: displayPath)
    }

    enum Found {
        case text(String)
        case missing
        /// `path` itself is a symbolic link, not followed.
        case link
    }

    /// Reads `path` unless it is a symbolic link, so a caller checks where a link leads only
    /// when there is one (no `lstat` before every read).
    static func readUnlessLink(_ path: String, displayPath: String) throws(Diagnostics) -> Found {
        switch try readBytes(path, displayPath: displayPath, flags: O_NOFOLLOW) {
        case .bytes(let bytes): .text(try text(bytes, displayPath: displayPath))
        case .missing: .missing
        case .link: .link
        }
    }

    private static func text(_ bytes: [UInt8], displayPath: String) throws(Diagnostics) -> String {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a UTF-8 BOM is harmless
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Diagnostics(at: firstInvalidByte(bytes, path: displayPath), "file is not valid UTF-8")
        }
        if bytes.withUnsafeBufferPointer({ $0.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }) {
            throw Diagnostics(at: SourceLocation(path: displayPath), "file contains NUL bytes")
        }
        return text
    }

    private enum Bytes { case bytes([UInt8]), missing, link }

    private static func readBytes(_ path: String, displayPath: String, flags: Int32) throws(Diagnostics) -> Bytes {
        func failure(_ code: Int32) -> Diagnostics {
            Diagnostics(at: SourceLocation(path: displayPath), "cannot read file: \(String(cString: strerror(code)))")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | flags)
        if fd < 0 && errno == ENOENT { return .missing }
        if fd < 0 && errno == ELOOP && flags & O_NOFOLLOW != 0 { return .link }
        guard fd >= 0 else { throw failure(errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw failure(EISDIR) }
        // Sized from fstat and read into uninitialized memory, stopping at that size (no
        // extra call to see the end): content files do not change during a build.
        var failed: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: max(Int(info.st_size), 0)) { buffer, count in
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failed = errno }
                if n <= 0 { return }
                count += n
            }
        }
        if failed != 0 { throw failure(failed) }
        return .bytes(bytes)
    }

    /// Line and column of the first byte that breaks UTF-8, for the error message.
    private static func firstInvalidByte(_ bytes: [UInt8], path: String) -> SourceLocation {
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if length == 0 || i + length > bytes.count
                || String(validating: bytes[i..<i + length], as: UTF8.self) == nil {
                let column = String(decoding: bytes[lineStart..<i], as: UTF8.self).unicodeScalars.count + 1
                return SourceLocation(path: path, line: line, column: column)
            }
            if b == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
            i += length
        }
        return SourceLocation(path: path, line: line)
    }
}
