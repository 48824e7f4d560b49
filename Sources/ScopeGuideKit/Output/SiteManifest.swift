import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a build left in a site folder: each file's size, XXH64 hash and status-change time,
/// and each folder's. A later build that finds a file with the same inode and status-change
/// time knows its bytes without reading it back — the test `make` and git's index rely on:
/// any write, rename, link or permission change moves a file's ctime, and ctime cannot be set
/// by hand.
///
/// A time at or after `stamp` (the manifest's own creation time, on the same file system and
/// clock) proves nothing: a change in the same clock tick would keep it. Such "racy" files
/// are compared byte by byte instead, and such folders make the whole manifest untrusted.
struct SiteManifest {
    struct Stamp: Comparable {
        var seconds: Int
        var nanoseconds: Int
        init(_ time: timespec) { seconds = time.tv_sec; nanoseconds = time.tv_nsec }
        init(seconds: Int, nanoseconds: Int) { self.seconds = seconds; self.nanoseconds = nanoseconds }
        static func < (a: Stamp, b: Stamp) -> Bool { (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds) }
    }

    struct File {
        var size: Int
        var hash: UInt64
        var inode: UInt64
        var changed: Stamp
    }

    struct Folder {
        var inode: UInt64
        var changed: Stamp
    }

    /// The site folder described (device and inode travel with it through renames).
    var device: UInt64
    var inode: UInt64
    var stamp: Stamp
    var files: [String: File] = [:]
    /// Relative folder paths; "" is the site folder itself.
    var folders: [String: Folder] = [:]

    static let header = "scopeguide-site-manifest 1"

    /// The manifest at `path`, or nil when it is missing or not one this version wrote.
    static func read(_ path: String) -> SiteManifest? {
        guard case .text(var text)? = try? TextFile.readUnlessLink(path, displayPath: path) else { return nil }
        return text.withUTF8 { bytes -> SiteManifest? in
            let opening = Array((header + "\nsite ").utf8)
            guard bytes.starts(with: opening) else { return nil }
            var line = Line(bytes)
            line.index = opening.count
            guard let device = line.number(), let inode = line.number(), let stamp = line.stamp(), line.byte() == "\n" else {
                return nil
            }
            var manifest = SiteManifest(device: device, inode: inode, stamp: stamp)
            manifest.files.reserveCapacity(bytes.count / 60)
            manifest.folders.reserveCapacity(bytes.count / 180)
            while let kind = line.byte() {
                if kind == "f", line.byte() == " ", let size = line.number(), let hash = line.number(radix: 16),
                   let inode = line.number(), let changed = line.stamp(), let path = line.rest() {
                    manifest.files[path] = File(size: Int(size), hash: hash, inode: inode, changed: changed)
                } else if kind == "d", line.byte() == " ", let inode = line.number(), let changed = line.stamp(), let path = line.rest() {
                    manifest.folders[path] = Folder(inode: inode, changed: changed)
                } else {
                    return nil
                }
            }
            return manifest
        }
    }

    /// The first two lines of a manifest; the entry lines follow (`appendFile`, `appendFolder`)
    /// in any order, a later line for the same path replacing an earlier one.
    static func opening(device: UInt64, inode: UInt64, stamp: Stamp) -> [UInt8] {
        var out = Array((header + "\nsite ").utf8)
        append(device, to: &out); append(inode, to: &out); append(stamp, to: &out)
        out[out.count - 1] = UInt8(ascii: "\n")
        return out
    }

    static func appendFile(_ path: String, _ file: File, to out: inout [UInt8]) {
        guard isRecordable(path) else { return }
        out += "f ".utf8
        append(UInt64(file.size), to: &out); append(file.hash, radix: 16, to: &out)
        append(file.inode, to: &out); append(file.changed, to: &out)
        out += path.utf8; out.append(UInt8(ascii: "\n"))
    }

    static func appendFolder(_ path: String, _ folder: Folder, to out: inout [UInt8]) {
        guard isRecordable(path) else { return }
        out += "d ".utf8
        append(folder.inode, to: &out); append(folder.changed, to: &out)
        out += path.utf8; out.append(UInt8(ascii: "\n"))
    }

    /// Appends a number and a space.
    private static func append(_ value: UInt64, radix: UInt64 = 10, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var value = value, count = 0
            repeat {
                let digit = UInt8(value % radix)
                digits[19 - count] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
                value /= radix; count += 1
            } while value > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
        out.append(UInt8(ascii: " "))
    }

    private static func append(_ stamp: Stamp, to out: inout [UInt8]) {
        append(UInt64(max(stamp.seconds, 0)), to: &out)
        out[out.count - 1] = UInt8(ascii: ".")
        append(UInt64(max(stamp.nanoseconds, 0)), to: &out)
    }

    /// The names each folder of the site should list (its files and folders in the
    /// manifest), keyed by folder path; "" is the site folder.
    var names: [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        func add(_ path: String) {
            let slash = path.lastIndex(of: "/")
            out[slash.map { String(path[..<$0]) } ?? "", default: []]
                .insert(String(slash.map { path[path.index(after: $0)...] } ?? path[...]))
        }
        files.keys.forEach(add)
        folders.keys.forEach(add)
        return out
    }

    /// The names the site folder itself should list.
    var topNames: Set<String> {
        // Cut at the first "/" by bytes: this runs over every file of the site before a build
        // can start, and a `Character` scan of each path cost most of it.
        var out = Set<String>(minimumCapacity: folders.count + 16)
        for path in files.keys {
            let utf8 = path.utf8
            out.insert(String(Substring(utf8[..<(utf8.firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex)])))
        }
        for path in folders.keys where !path.utf8.contains(UInt8(ascii: "/")) { out.insert(path) }
        return out
    }

    static func parent(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
    }

    static func isRecordable(_ path: String) -> Bool { !path.utf8.contains(UInt8(ascii: "\n")) }

    /// Reads the manifest's fields left to right, straight from its bytes.
    private struct Line {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func byte() -> Unicode.Scalar? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return Unicode.Scalar(bytes[index])
        }

        /// A number ended by a space (consumed) or a dot (left).
        mutating func number(radix: UInt64 = 10) -> UInt64? {
            var value: UInt64 = 0, digits = 0
            while index < bytes.count {
                let b = bytes[index]
                let digit: UInt64
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(b - UInt8(ascii: "a") + 10)
                default:
                    guard digits > 0, digits <= (radix == 16 ? 16 : 20) else { return nil }
                    if b == UInt8(ascii: " ") { index += 1 }
                    return value
                }
                value = value &* radix &+ digit
                digits += 1; index += 1
            }
            return nil
        }

        mutating func stamp() -> Stamp? {
            guard let seconds = number(), byte() == ".", let nanoseconds = number() else { return nil }
            return Stamp(seconds: Int(seconds), nanoseconds: Int(nanoseconds))
        }

        /// The rest of the line, as a path; the line break is consumed.
        mutating func rest() -> String? {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }
    }
}
