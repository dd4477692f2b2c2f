import Foundation

/// What a receiver left in its SQLite store, read with the sqlite3 shell after the receiver stopped:
/// the rows of `webhook_events` (the bench's events are unique, so every acknowledged one must be
/// there) and the bytes of the file once the write-ahead log is checkpointed into it, per table and index.
struct StoreFigures {
    var events = 0
    var bytes: Int64 = 0
    /// Bytes of each table and index (dbstat), largest first.
    var objects: [(name: String, bytes: Int64)] = []

    var bytesPerEvent: Double { events > 0 ? Double(bytes) / Double(events) : 0 }

    static func read(path: String) throws -> StoreFigures {
        _ = try sqlite(path, "PRAGMA wal_checkpoint(TRUNCATE);")
        var figures = StoreFigures()
        figures.events = Int(try sqlite(path, "SELECT count(*) FROM webhook_events;").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        figures.bytes = ["", "-wal"].reduce(0) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? NSNumber)?.int64Value ?? 0)
        }
        let rows = try sqlite(path, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC;")
        figures.objects = rows.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|")
            guard parts.count == 2, let bytes = Int64(parts[1]) else { return nil }
            return (String(parts[0]), bytes)
        }
        return figures
    }

    static func sqlite(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("sqlite3 \(path) failed on \(sql)") }
        return String(decoding: data, as: UTF8.self)
    }
}
