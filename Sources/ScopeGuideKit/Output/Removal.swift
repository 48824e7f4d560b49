import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Deleting files and folder trees of the output with few system calls, never following a
/// symbolic link out of the folder being cleaned.
enum Removal {
    /// Deletes a folder tree, its top-level entries on all cores (deleting thousands of small
    /// files is mostly file-system calls, which the kernel can run side by side).
    static func tree(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { unlink(path); return }  // not a folder, or gone
        FileSystem.withEntries(closing: fd) { fd, top in
            DispatchQueue.concurrentPerform(iterations: top.count) { i in
                entry(top[i].name, isFolder: top[i].kind == .folder, parent: fd)
            }
        }
        rmdir(path)
    }

    /// Removes one entry of an open folder, a subtree depth first. Names come from `readdir`
    /// with their types and removal is relative to the folder (`unlinkat`): no `lstat` per
    /// file and no walk of the full path for each, as `FileManager.removeItem` does.
    static func entry(_ name: String, isFolder: Bool, parent: Int32) {
        if !isFolder, unlinkat(parent, name, 0) == 0 { return }
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { unlinkat(parent, name, 0); return }
        FileSystem.withEntries(closing: fd) { fd, children in
            for child in children { entry(child.name, isFolder: child.kind == .folder, parent: fd) }
        }
        unlinkat(parent, name, AT_REMOVEDIR)
    }
}
