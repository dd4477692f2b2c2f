import Synchronization
import Testing
import ZoomDashPlatform

/// A `ServiceManagerNotifier` fake that records what was sent, for tests of code that notifies.
final class RecordingNotifier: ServiceManagerNotifier {
    enum Event: Equatable, Sendable {
        case ready(String), status(String), watchdog, reloading, stopping
    }

    let watchdogInterval: Duration?
    private let recorded = Mutex<[Event]>([])

    init(watchdogInterval: Duration? = nil) {
        self.watchdogInterval = watchdogInterval
    }

    var events: [Event] { recorded.withLock { $0 } }

    func ready(status: String) { recorded.withLock { $0.append(.ready(status)) } }
    func status(_ text: String) { recorded.withLock { $0.append(.status(text)) } }
    func watchdog() { recorded.withLock { $0.append(.watchdog) } }
    func reloading() { recorded.withLock { $0.append(.reloading) } }
    func stopping() { recorded.withLock { $0.append(.stopping) } }
}

@Suite struct SystemdRecordingNotifierTests {
    @Test func recordsCallsInOrderThroughTheProtocol() {
        let recording = RecordingNotifier(watchdogInterval: .seconds(30))
        let notifier: any ServiceManagerNotifier = recording
        notifier.reloading()
        notifier.ready(status: "reloaded")
        notifier.watchdog()
        notifier.stopping()
        #expect(recording.events == [.reloading, .ready("reloaded"), .watchdog, .stopping])
        #expect(notifier.watchdogInterval == .seconds(30))
    }
}
