import Foundation
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline

/// `[sinks.NAME] type = "event-log"`: appends each incident event of the outbox to a JSON Lines file,
/// for scripts, `tail -f`, or a log shipper. Keys: `path` (absolute). One line per event, keys
/// `event_id, kind, time, incident_id, scope, meeting_uuid, start, end, dropped, present, meetings`
/// (and `previous_…` for updates). The file is flushed to disk before the batch counts as delivered;
/// a batch repeated after a crash is recognised by its event ids and not written twice.
public struct EventLogNotifier: Notifier, PluginType {
    public static let type = "event-log"

    public struct Settings: Sendable {
        public var path: String
    }

    public let name: String
    public let path: String

    public static func settings(from section: ConfigSection) throws(ConfigError) -> Settings {
        try section.rejectUnknownKeys(["path"])
        guard let path = try section.string("path") else {
            throw section.error("path", "is required: the file to append events to, like \"/var/lib/zoomdash/events.jsonl\"")
        }
        guard path.hasPrefix("/") else { throw section.error("path", "must be an absolute path, like \"/var/lib/zoomdash/events.jsonl\"") }
        return Settings(path: path)
    }

    public init(name: String, settings: Settings, dependencies: NotifierDependencies) {
        self.name = name
        path = settings.path
    }

    public func deliver(_ events: [IncidentEvent]) async throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let written = try lastCompleteEventID(in: handle)
        let fresh = events.filter { $0.id > written }
        guard !fresh.isEmpty else { return }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(ExportTable.incidentEvents(fresh).jsonLines().utf8))
        try handle.synchronize()
    }

    /// The id of the file's last complete line: what a repeated batch may already have written. A
    /// torn last line (a write cut short by a full disk or a crash) is cut off first, so it is written
    /// again whole.
    private func lastCompleteEventID(in handle: FileHandle) throws -> Int64 {
        let size = try handle.seekToEnd()
        guard size > 0 else { return 0 }
        let tail = min(size, 8192)
        try handle.seek(toOffset: size - tail)
        var bytes = [UInt8](try handle.read(upToCount: Int(tail)) ?? Data())
        if bytes.last != UInt8(ascii: "\n") {
            let keep = bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? (tail == size ? 0 : bytes.count)
            try handle.truncate(atOffset: size - UInt64(bytes.count - keep))
            bytes.removeSubrange(keep...)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").last, let range = line.range(of: #""event_id":"#) else { return 0 }
        return Int64(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }
}
