import Foundation
import ZoomDashCore
import ZoomDashStorage

/// `store`: the SQLite store exists, may be written, has a schema this build knows, and has room:
/// its size, its write-ahead log's, and the free space of its file system. Read through a read-only
/// connection; nothing is written.
struct StoreCheck: DoctorProbe {
    static let id = "store"
    let path: String
    let files: any DoctorFileSystem

    /// Less free space than this is a problem (SQLite fails writes on a full disk), less than the
    /// warning level a warning.
    static let criticalFreeBytes: Int64 = 100 << 20
    static let lowFreeBytes: Int64 = 1 << 30

    func examine() async -> DoctorCheck {
        let title = "Store"
        let directory = Self.directory(of: path)
        var facts: [String: DoctorFact] = ["path": .text(path), "supported_schema_version": .number(Int64(ZoomDashStore.supportedSchemaVersion))]
        guard let database = files.status(path) else {
            var existing = directory
            while files.status(existing) == nil, existing != "/", !existing.isEmpty { existing = Self.directory(of: existing) }
            guard files.isWritable(existing) else {
                return .problem(
                    Self.id, title, "no store at \(path), and \(existing) cannot be written to create one",
                    fix: "create \(directory) for zoomdashd's user, or set [store] path (under systemd: $STATE_DIRECTORY, /var/lib/zoomdash)", facts: facts)
            }
            return .warning(
                Self.id, title, "no store at \(path) yet: zoomdashd or a backfill creates it",
                fix: "if zoomdashd has been running, it uses another store: set [store] path to it (under systemd /var/lib/zoomdash/zoomdash.sqlite)",
                facts: facts)
        }
        let walBytes = files.status(path + "-wal")?.size ?? 0
        let free = files.freeBytes(directory)
        facts["bytes"] = .number(database.size)
        facts["wal_bytes"] = .number(walBytes)
        if let free { facts["free_bytes"] = .number(free) }
        let unwritable = [path, path + "-wal", path + "-shm", directory].filter { files.status($0) != nil && !files.isWritable($0) }
        if !unwritable.isEmpty {
            return .problem(
                Self.id, title, "this user cannot write \(unwritable.joined(separator: ", ")) (or the file system is read-only)",
                fix: "run zoomdashctl as the user zoomdashd runs as (or root), and check the mount and the owner of \(directory)", facts: facts)
        }
        let schema: Int
        do {
            schema = try await ZoomDashStore(path: path, readOnly: true).status().schemaVersion
        } catch {
            return .problem(Self.id, title, "\(path) could not be read: \(error)", fix: "check that it is ZoomDash's SQLite store", facts: facts)
        }
        facts["schema_version"] = .number(Int64(schema))
        let sizes = "\(Self.megabytes(database.size)) (log \(Self.megabytes(walBytes))), schema \(schema)"
            + (free.map { ", \(Self.megabytes($0)) free" } ?? "")
        let supported = ZoomDashStore.supportedSchemaVersion
        if schema > supported {
            return .problem(
                Self.id, title, "\(path) has schema \(schema), newer than this build's \(supported): it was written by a newer zoomdash",
                fix: "install the zoomdash version that wrote it (or newer)", facts: facts)
        }
        if let free, free < Self.criticalFreeBytes {
            return .problem(
                Self.id, title, "\(path): \(sizes): the disk is nearly full, and writes (webhook events) will fail",
                fix: "free space on the file system of \(directory)", facts: facts)
        }
        var warnings: [String] = []
        if schema < supported { warnings.append("schema \(schema) is older than this build's \(supported): the next zoomdashd start migrates it") }
        if let free, free < Self.lowFreeBytes { warnings.append("less than 1 GiB free") }
        if walBytes > 2 * ZoomDashStore.walSizeLimitBytes {
            warnings.append("the write-ahead log is \(Self.megabytes(walBytes)): a long-running reader (an export?) holds it back")
        }
        if !warnings.isEmpty {
            return .warning(
                Self.id, title, "\(path): \(sizes); " + warnings.joined(separator: "; "),
                fix: "back up the store before a migration; keep a few GiB free; end long `zoomdashctl export` runs", facts: facts)
        }
        return .ok(Self.id, title, "\(path): \(sizes)", facts: facts)
    }

    static func directory(of path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    static func megabytes(_ bytes: Int64) -> String {
        bytes >= 10 << 30 ? "\(bytes >> 30) GiB" : String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
