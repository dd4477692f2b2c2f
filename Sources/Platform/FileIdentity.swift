import Foundation

/// A file's device and inode numbers: what systemd puts in `$JOURNAL_STREAM` (`"dev:ino"`, both
/// decimal) for the stream it connected to stdout/stderr.
public struct FileIdentity: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// Parses `$JOURNAL_STREAM`; nil when it is not two decimal numbers separated by `:`.
    public init?(journalStream: String) {
        let parts = journalStream.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return nil }
        self.init(device: device, inode: inode)
    }

    /// `fstat(2)` of an open descriptor; nil when it is not open.
    public init?(fileDescriptor: Int32) {
        var status = stat()
        guard fstat(fileDescriptor, &status) == 0 else { return nil }
        self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// `stat(2)` of a path; nil when there is no such file.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// The `$JOURNAL_STREAM` form, `"dev:ino"`.
    public var journalStream: String { "\(device):\(inode)" }
}
