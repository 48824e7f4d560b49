import CShims
import Foundation
import Testing
@testable import ScopeGuideKit

/// The record a build leaves beside each site folder (`SiteManifest`) and the hash it uses.
@Suite("Site manifest")
struct SiteManifestTests {
    @Test("XXH64 gives the published values")
    func xxh64Vectors() {
        // Values from the xxHash reference implementation (libxxhash 0.8).
        let vectors: [(String, UInt64, UInt64)] = [
            ("", 0, 0xEF46DB3751D8E999),
            ("a", 0, 0xD24EC4F1A98C6E5B),
            ("abc", 0, 0x44BC2CF5AD770999),
            ("Nobody inspects the spammish repetition", 0, 0xFBCEA83C8A378BF1),
            ("0123456789abcdef0123456789abcdef0123456789abcdefXYZ", 0, 0x2068B5BE32B6D8DC),
        ]
        for (text, seed, expected) in vectors {
            let hash = Array(text.utf8).withUnsafeBytes { sg_xxh64($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, $0.count, seed) }
            #expect(hash == expected, "\(text.debugDescription)")
        }
    }

    @Test("What is written reads back; a later line for a path replaces an earlier one")
    func roundTrip() throws {
        let file = SiteManifest.File(size: 33876, hash: 0xFBCEA83C8A378BF1, inode: 16310531,
                                     changed: .init(seconds: 1_795_811_320, nanoseconds: 869_028_681))
        let folder = SiteManifest.Folder(inode: 42, changed: .init(seconds: 1_795_811_320, nanoseconds: 5))
        var lines: [UInt8] = []
        SiteManifest.appendFolder("github/oauth-app", folder, to: &lines)
        SiteManifest.appendFile("github/oauth-app/index.html", file, to: &lines)
        SiteManifest.appendFile("with space/index.html", file, to: &lines)
        SiteManifest.appendFile("line\nbreak", file, to: &lines)  // not recordable: left out
        var newer = folder
        newer.changed.nanoseconds = 999_999_999
        SiteManifest.appendFolder("github/oauth-app", newer, to: &lines)
        let manifest = try #require(try read(SiteManifest.opening(device: 7, inode: 9, stamp: .init(seconds: 12, nanoseconds: 34)) + lines))
        #expect(manifest.device == 7 && manifest.inode == 9)
        #expect(manifest.stamp == .init(seconds: 12, nanoseconds: 34))
        #expect(manifest.files.count == 2)
        #expect(manifest.files["github/oauth-app/index.html"]?.hash == file.hash)
        #expect(manifest.files["with space/index.html"]?.changed == file.changed)
        #expect(manifest.folders["github/oauth-app"]?.changed == newer.changed)
        #expect(manifest.topNames == ["github", "with space"])
        #expect(manifest.names["github/oauth-app"] == ["index.html"])
    }

    @Test("A damaged or foreign manifest is not trusted")
    func damaged() throws {
        let good = SiteManifest.opening(device: 1, inode: 2, stamp: .init(seconds: 3, nanoseconds: 4))
        var line: [UInt8] = []
        SiteManifest.appendFile("a/b.html", .init(size: 1, hash: 2, inode: 3, changed: .init(seconds: 4, nanoseconds: 5)), to: &line)
        #expect(try read(good + line) != nil)
        for broken in [
            Array("scopeguide-site-manifest 2\nsite 1 2 3.4\n".utf8) + line,  // another version
            good + Array(line.dropLast()),                                    // cut short
            good + Array("f 1 zz 3 4.5 a\n".utf8),                            // not a hash
            good + Array("x 1 2 a\n".utf8),                                   // unknown kind
            Array(good.prefix(20)),
        ] {
            #expect(try read(broken) == nil, "\(String(decoding: broken, as: UTF8.self).debugDescription)")
        }
        #expect(SiteManifest.read("/nonexistent/manifest") == nil)
    }

    /// Writes `bytes` to a temporary file and reads them as a manifest.
    private func read(_ bytes: [UInt8]) throws -> SiteManifest? {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return SiteManifest.read(url.path)
    }
}
