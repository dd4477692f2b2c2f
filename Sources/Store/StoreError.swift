/// Errors of the SQLite store, worded for the admin who has to act on them.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case sqlite(code: Int32, message: String, sql: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case notWritable(path: String)
    /// The database or its write-ahead log was deleted or replaced under the running process.
    case filesReplaced(path: String, file: String)
    /// A caller handed over rows that belong elsewhere; nothing was written.
    case inconsistentInput(String)
    /// Stored bytes this version cannot read.
    case corrupt(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the store at \(path): \(reason). Check that the directory exists and is writable, or set [store] path."
        case .sqlite(let code, let message, let sql):
            let statement = sql.split(separator: "\n").first.map(String.init) ?? sql
            if code & 0xff == 5 {
                return "the store is busy (another writer held it too long): \(message). Try again; the data is unchanged."
            }
            return "store error \(code): \(message) (in: \(statement.prefix(80)))"
        case .newerSchema(let path, let found, let supported):
            return "the store at \(path) has schema version \(found), newer than this zoomdash understands (\(supported)). Upgrade zoomdash or use another [store] path."
        case .notWritable(let path):
            return "the store at \(path) is read-only for this process (file permissions, or a read-only file system); run as the daemon's user, fix the permissions, or point [store] path elsewhere."
        case .filesReplaced(let path, let file):
            return "\(file) was deleted or replaced while the store at \(path) was open: nothing more can be committed to the file the next start will read. Stopping so that systemd restarts on a fresh open; find out what removed it."
        case .inconsistentInput(let problem):
            return "refused to store inconsistent data, nothing was written: \(problem). This is a bug in zoomdash; please report it."
        case .corrupt(let problem):
            return "the store holds data this zoomdash cannot read: \(problem). Run `zoomdashctl backfill --qos` for the affected days to fetch it again, or restore a backup."
        }
    }
}
