import Foundation
import Logging
import Synchronization
import ZoomDashPipeline

/// Shows backfill progress: a redrawn bar on a terminal, a log line every ~10% otherwise.
final class ProgressDisplay: Sendable {
    private struct State {
        var started = Date()
        var baseline: Int?
        var lastDraw = Date.distantPast
        var lastLoggedDecile = -1
        var drawn = false
    }

    private let state = Mutex(State())
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let logger: Logger
    /// What is being fetched, when it is not the participants: `"QoS "`.
    private let label: String

    init(logger: Logger, label: String = "") {
        self.logger = logger
        self.label = label
    }

    func update(_ progress: CollectionProgress) {
        state.withLock { state in
            guard progress.phase == .fetching, progress.meetingsTotal > 0 else { return }
            if state.baseline == nil {
                state.baseline = progress.meetingsDone
                state.started = Date()
            }
            let done = progress.meetingsDone
            let total = progress.meetingsTotal
            let fresh = done - (state.baseline ?? 0)
            let elapsed = Date().timeIntervalSince(state.started)
            let eta = fresh > 0 ? elapsed / Double(fresh) * Double(total - done) : nil
            let line = "\(done)/\(total) meetings · \(progress.apiCalls) API calls · ETA \(Self.format(eta))"
            if isTerminal {
                guard Date().timeIntervalSince(state.lastDraw) > 0.1 || done == total else { return }
                state.lastDraw = Date()
                let width = 30
                let filled = total == 0 ? width : width * done / total
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                FileHandle.standardError.write(Data("\r\(label)[\(bar)] \(line)\u{1B}[K".utf8))
                state.drawn = true
            } else {
                let decile = total == 0 ? 10 : done * 10 / total
                guard decile > state.lastLoggedDecile else { return }
                state.lastLoggedDecile = decile
                logger.info("backfill \(label)progress: \(line)")
            }
        }
    }

    func finish() {
        state.withLock { state in
            if state.drawn { FileHandle.standardError.write(Data("\n".utf8)) }
            state.drawn = false
        }
    }

    private static func format(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "--" }
        let total = Int(seconds.rounded())
        return total >= 3600 ? "\(total / 3600)h\(total / 60 % 60)m" : "\(total / 60)m\(String(format: "%02d", total % 60))s"
    }
}
