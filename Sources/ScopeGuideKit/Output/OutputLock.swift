import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock beside the output folder, held for a whole build, so two builds into
/// the same folder cannot interleave. The kernel drops it when the process dies.
public final class OutputLock {
    private let fd: Int32

    public init(output: String) throws(Diagnostics) {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        guard FileSystem.isDirectory(parent) else {
            throw Diagnostics(at: .file(output), "the output folder's parent '\(parent)' does not exist")
        }
        let path = parent + "/.\(target.lastPathComponent).lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Diagnostics(at: .file(output), "cannot create the build lock '\(path)': \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw Diagnostics(at: .file(output), "another scopeguide build is writing to this folder; wait for it to finish")
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
