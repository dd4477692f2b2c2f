import Foundation
import ZoomDashCore

/// `sinks.NAME` for sinks that write local files (`csv`, `event-log`): the directory they write into
/// exists and may be written, or can be created.
struct FileSinkCheck: DoctorProbe {
    let name: String
    let type: String
    let directory: String
    let files: any DoctorFileSystem

    func examine() async -> DoctorCheck {
        let id = "sinks.\(name)"
        let title = "Sink \(name) (\(type))"
        let facts: [String: DoctorFact] = ["type": .text(type), "directory": .text(directory)]
        if let status = files.status(directory) {
            guard status.isDirectory else {
                return .problem(id, title, "\(directory) is not a directory", fix: "point [sinks.\(name)] at a directory", facts: facts)
            }
            guard files.isWritable(directory) else {
                return .problem(
                    id, title, "\(directory) cannot be written by this user", fix: "give zoomdashd's user write access to \(directory) (or choose another)",
                    facts: facts)
            }
            return .ok(id, title, "writes into \(directory)", facts: facts)
        }
        var parent = (directory as NSString).deletingLastPathComponent
        while !parent.isEmpty, parent != "/", files.status(parent) == nil { parent = (parent as NSString).deletingLastPathComponent }
        guard files.isWritable(parent.isEmpty ? "." : parent) else {
            return .problem(
                id, title, "\(directory) does not exist, and \(parent) cannot be written to create it",
                fix: "create it for zoomdashd's user (`sudo install -d \(directory)`) or choose another", facts: facts)
        }
        return .ok(id, title, "\(directory) does not exist yet; it is created at the first write", facts: facts)
    }
}
