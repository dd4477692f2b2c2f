import Foundation

/// What a file's inode says, as far as the doctor cares.
public struct FileStatus: Sendable, Hashable {
    /// The permission bits (`0o640`).
    public var permissions: UInt16
    public var isDirectory: Bool
    public var size: Int64

    public init(permissions: UInt16, isDirectory: Bool = false, size: Int64 = 0) {
        self.permissions = permissions
        self.isDirectory = isDirectory
        self.size = size
    }

    /// `0640`.
    public var octal: String {
        let digits = String(permissions, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// The file system as the doctor reads it.
public protocol DoctorFileSystem: Sendable {
    /// nil when the path does not exist (or cannot be looked at); follows symbolic links.
    func status(_ path: String) -> FileStatus?
    /// Whether this process may write the path (`access(2)`), on a file system mounted read-write.
    func isWritable(_ path: String) -> Bool
    /// Whether this process may read the path (a directory: list it).
    func isReadable(_ path: String) -> Bool
    /// Bytes an unprivileged writer may still use on the file system holding `path`.
    func freeBytes(_ path: String) -> Int64?
}

extension DoctorFileSystem {
    /// The first directory that keeps other users out of `path` (none of its "others" search bit),
    /// or nil when any local user can get to it; `path` itself is not considered.
    public func shieldingDirectory(of path: String) -> (path: String, status: FileStatus)? {
        var directory = (path as NSString).deletingLastPathComponent
        if !path.hasPrefix("/") { directory = FileManager.default.currentDirectoryPath + "/" + directory }
        var visited = Set<String>()
        while !directory.isEmpty, visited.insert(directory).inserted {
            if let status = status(directory), status.permissions & 0o001 == 0 { return (directory, status) }
            if directory == "/" { break }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return nil
    }
}

/// The machine's own file system.
public struct LocalFileSystem: DoctorFileSystem {
    public init() {}

    public func status(_ path: String) -> FileStatus? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStatus(
            permissions: UInt16(info.st_mode & 0o7777), isDirectory: info.st_mode & S_IFMT == S_IFDIR, size: Int64(info.st_size))
    }

    public func isWritable(_ path: String) -> Bool {
        guard access(path, W_OK) == 0 else { return false }
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return true }
        return info.f_flag & UInt(ST_RDONLY) == 0
    }

    public func isReadable(_ path: String) -> Bool { access(path, R_OK) == 0 }

    public func freeBytes(_ path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
