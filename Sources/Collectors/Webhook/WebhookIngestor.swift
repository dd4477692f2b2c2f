import ServiceLifecycle
import Synchronization
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage

/// Stores verified webhook events durably, many requests per transaction (group commit).
///
/// ``ingest(_:)`` queues an event and suspends until it is committed: a 2xx is never sent for an event
/// that is not committed (WAL with `synchronous = NORMAL`: it survives a crash of the daemon; a power
/// cut may lose the last moment, see the README). ``run()`` is the committer, a service of the daemon
/// isolated to the store: it takes everything queued, commits it in one transaction and resumes each
/// caller with its outcome. Requests make no store call of their own, so one transaction serves every
/// request that arrived while the previous one committed. Between rounds the committer suspends, so
/// the store's executor runs its other work: other writers first, live analysis at a bounded share
/// (`PriorityJobQueue` in Core).
///
/// If a commit fails, every event of that round gets the error (→ 503, and Zoom retries). After a
/// graceful shutdown begins, queued events are still committed, and new ones are refused.
public final class WebhookIngestor: Service, LiveEventIngest, Sendable {
    public typealias Outcome = IngestOutcome

    private struct Pending {
        var record: WebhookRecord
        var done: @Sendable (Result<Outcome, any Error>) -> Void
    }

    private struct State {
        var queue: [Pending] = []
        /// The committer, while it waits for work.
        var parkedCommitter: CheckedContinuation<Void, Never>?
        var isClosed = false
    }

    private let store: ZoomDashStore
    private let monitored: @Sendable (MeetingInstance) -> Bool
    private let now: @Sendable () -> UnixSeconds
    private let onCommitted: @Sendable ([WebhookRecord]) -> Void
    private let onOutcome: @Sendable ((any Error)?) -> Void
    private let state = Mutex(State())
    /// Largest round; bounds the transaction and the latency of the first event in it.
    private let maxBatch = 1024

    /// - Parameter onCommitted: receives the newly stored (non-duplicate) events of each round, for
    ///   live analysis. Called on the store's thread; must be quick.
    /// - Parameter onOutcome: each round's outcome (nil: committed), for health; quick too.
    public init(
        store: ZoomDashStore, monitored: @escaping @Sendable (MeetingInstance) -> Bool,
        now: @escaping @Sendable () -> UnixSeconds, onCommitted: @escaping @Sendable ([WebhookRecord]) -> Void,
        onOutcome: @escaping @Sendable ((any Error)?) -> Void = { _ in }
    ) {
        self.onOutcome = onOutcome
        self.store = store
        self.monitored = monitored
        self.now = now
        self.onCommitted = onCommitted
    }

    /// Returns once the event is committed (or known to be a duplicate); throws if it could not be
    /// stored, or if the daemon is shutting down.
    public func ingest(_ record: WebhookRecord) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            ingest(record) { continuation.resume(with: $0) }
        }
    }

    /// ``ingest(_:)`` for a caller that cannot wait (the HTTP event loop): `done` gets the outcome on
    /// the store's thread once the event is committed, or at once if the daemon is shutting down. It
    /// must be quick: the round's other callers wait for it.
    public func ingest(_ record: WebhookRecord, done: @escaping @Sendable (Result<Outcome, any Error>) -> Void) {
        let committer = state.withLock { state -> CheckedContinuation<Void, Never>?? in
            guard !state.isClosed else { return nil }
            state.queue.append(Pending(record: record, done: done))
            defer { state.parkedCommitter = nil }
            return .some(state.parkedCommitter)
        }
        switch committer {
        case .none: done(.failure(CollectorError.shuttingDown))
        case .some(let parked): parked?.resume()
        }
    }

    /// The committer. Returns after a graceful shutdown (or cancellation) once the queue is empty.
    /// Throws when the store's files were deleted or replaced under it: nothing more may be
    /// acknowledged, and the daemon must restart on a fresh open.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await commitUntilClosed(on: store)
            } onCancel: {
                self.close()
            }
        } onGracefulShutdown: {
            self.close()
        }
    }

    private func drain() -> [Pending] {
        state.withLock { state in
            defer { state.queue = [] }
            return state.queue
        }
    }

    private func close() {
        let parked = state.withLock { state in
            state.isClosed = true
            defer { state.parkedCommitter = nil }
            return state.parkedCommitter
        }
        parked?.resume()
    }

    private func commitUntilClosed(on store: isolated ZoomDashStore) async throws {
        while let round = await nextRound(on: store) {
            let records = round.map(\.record)
            do {
                let fresh = try store.commitWebhookRecords(records, receivedAt: now(), monitored: monitored)
                onCommitted(zip(records, fresh).filter(\.1).map(\.0))
                onOutcome(nil)
                for (pending, isNew) in zip(round, fresh) { pending.done(.success(isNew ? .stored : .duplicate)) }
            } catch {
                onOutcome(error)
                for pending in round { pending.done(.failure(error)) }
                if case StoreError.filesReplaced = error {
                    close()
                    for pending in drain() { pending.done(.failure(error)) }
                    throw error
                }
            }
            // Re-enqueues the committer behind the store's other waiting jobs: without a suspension here
            // it would keep the store's thread for as long as a flood lasts.
            await Task.yield()
        }
    }

    /// The next batch, waiting for one if the queue is empty; nil once closed and drained.
    private func nextRound(on store: isolated ZoomDashStore) async -> [Pending]? {
        while true {
            let round = state.withLock { state -> [Pending]? in
                guard !state.queue.isEmpty else { return state.isClosed ? nil : [] }
                let round = Array(state.queue.prefix(maxBatch))
                state.queue.removeFirst(round.count)
                return round
            }
            guard let round else { return nil }
            if !round.isEmpty { return round }
            await withCheckedContinuation { committer in
                let wake = state.withLock { state in
                    if state.queue.isEmpty && !state.isClosed {
                        state.parkedCommitter = committer
                        return false
                    }
                    return true
                }
                if wake { committer.resume() }
            }
        }
    }
}
