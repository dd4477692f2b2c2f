import Foundation

/// Writes files so readers see either the old or the new content, never a partial one: the data goes
/// to a temporary file in the same directory, is flushed, then renamed over the target.
public enum AtomicFile {
    /// - Parameter permissions: the file's mode (set before it takes the target's name), else the umask's.
    public static func write(_ text: String, to path: String, permissions: Int? = nil) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let attributes: [FileAttributeKey: Any]? = permissions.map { [.posixPermissions: $0] }
        let created = FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8), attributes: attributes)
        guard created, let handle = FileHandle(forWritingAtPath: temporary.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: reason])
        }
    }
}
