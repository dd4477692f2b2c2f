import ServiceLifecycle
import Synchronization
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage

/// Stores verified webhook events durably, many requests per transaction (group commit).
///
/// ``ingest(_:)`` queues an event and suspends until it is committed: a 2xx is never sent for an event
/// that is not committed (WAL with `synchronous = NORMAL`: it survives a crash of the daemon; a power
/// cut may lose the last moment, see the README). The first event to find no round under way hands a
/// round to the store's thread (``ZoomDashStore/onStoreThread(_:)``), which takes everything queued,
/// commits it in one transaction and resumes each caller with its outcome; a round that leaves events
/// queued hands over the next one behind the store's other waiting work (other writers first, live
/// analysis at a bounded share, `PriorityJobQueue` in Core). Requests make no store call of their own,
/// so one transaction serves every request that arrived while the previous one committed, and no task,
/// continuation or thread of the concurrency pool stands between the event loop and the commit.
///
/// If a commit fails, every event of that round gets the error (→ 503, and Zoom retries). ``run()``
/// is the service that ends it all: after a graceful shutdown begins (or it is cancelled), new events
/// are refused, queued ones are still committed, and it returns once the last round is done.
public final class WebhookIngestor: Service, LiveEventIngest, Sendable {
    public typealias Outcome = IngestOutcome

    private struct Pending {
        var record: WebhookRecord
        var done: @Sendable (Result<Outcome, any Error>) -> Void
    }

    private struct State {
        var queue: [Pending] = []
        /// A round is handed to the store's thread or running there.
        var committing = false
        var isClosed = false
        /// Set when the store's files were replaced: nothing more may be committed.
        var fatal: (any Error)?
        /// ``run()``, waiting for the end.
        var finished: CheckedContinuation<Void, any Error>?

        var isDone: Bool { fatal != nil || (isClosed && queue.isEmpty && !committing) }
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
        let accepted = state.withLock { state -> Bool? in
            guard !state.isClosed else { return nil }
            state.queue.append(Pending(record: record, done: done))
            defer { state.committing = true }
            return !state.committing
        }
        switch accepted {
        case .none: done(.failure(CollectorError.shuttingDown))
        case .some(true): store.onStoreThread { store in self.commitRound(on: store) }
        case .some(false): break
        }
    }

    /// Returns after a graceful shutdown (or cancellation) once the queue is empty. Throws when the
    /// store's files were deleted or replaced under it: nothing more may be acknowledged, and the
    /// daemon must restart on a fresh open.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { finished in
                    state.withLock { $0.finished = finished }
                    finishIfDone()
                }
            } onCancel: {
                self.close()
            }
        } onGracefulShutdown: {
            self.close()
        }
    }

    private func close() {
        state.withLock { $0.isClosed = true }
        finishIfDone()
    }

    /// Resumes ``run()`` once nothing more will be committed.
    private func finishIfDone() {
        let waiter = state.withLock { state -> (CheckedContinuation<Void, any Error>, (any Error)?)? in
            guard state.isDone, let finished = state.finished else { return nil }
            state.finished = nil
            return (finished, state.fatal)
        }
        guard let (finished, fatal) = waiter else { return }
        if let fatal { finished.resume(throwing: fatal) } else { finished.resume() }
    }

    /// One round, on the store's thread: what is queued (at most `maxBatch`), in one transaction.
    private func commitRound(on store: isolated ZoomDashStore) {
        let round = state.withLock { state -> [Pending] in
            let round = Array(state.queue.prefix(maxBatch))
            state.queue.removeFirst(round.count)
            return round
        }
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
                let rest = state.withLock { state in
                    state.isClosed = true
                    state.fatal = error
                    state.committing = false
                    defer { state.queue = [] }
                    return state.queue
                }
                for pending in rest { pending.done(.failure(error)) }
                return finishIfDone()
            }
        }
        // The next round goes behind the store's other waiting work: run here at once, it would
        // keep the store's thread for as long as a flood lasts.
        let more = state.withLock { state in
            state.committing = !state.queue.isEmpty
            return state.committing
        }
        if more { store.onStoreThread { store in self.commitRound(on: store) } } else { finishIfDone() }
    }
}
