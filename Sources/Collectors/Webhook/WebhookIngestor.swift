import Logging
import Synchronization
import ZoomDashCore

/// Stores verified webhook events durably, grouping concurrent requests into one transaction.
///
/// Group commit without a background task: the caller that finds no commit in progress leads one
/// round, committing everything queued so far (its own event first) in one transaction; on the way out
/// it hands the lead to the oldest waiting caller. So under load every request waits for at most two
/// commits, and `ingest` returns only after its event is on disk: a 2xx is never sent for an event
/// that was not stored. If a commit fails, every event of that round gets the error (→ 503; Zoom retries).
public actor WebhookIngestor {
    public enum Outcome: Sendable, Equatable {
        case stored
        case duplicate
    }

    private enum Signal: Sendable {
        case done(Outcome)
        case lead
    }

    private struct Pending {
        var id: UInt64
        var record: WebhookRecord
        /// `nil` for the current leader, which is not waiting.
        var continuation: CheckedContinuation<Signal, any Error>?
    }

    private let store: ZoomDashStore
    private let monitored: @Sendable (MeetingInstance) -> Bool
    private let now: @Sendable () -> UnixSeconds
    private let onCommitted: @Sendable ([WebhookRecord]) -> Void
    private var queue: [Pending] = []
    private var leading = false
    private var nextID: UInt64 = 0
    /// Largest round; bounds the transaction and the latency of the first event in it.
    private let maxBatch = 1024

    /// - Parameter onCommitted: receives the newly stored (non-duplicate) events of each round, for
    ///   live analysis and metrics. Called on the ingestor; must be quick.
    public init(
        store: ZoomDashStore, monitored: @escaping @Sendable (MeetingInstance) -> Bool,
        now: @escaping @Sendable () -> UnixSeconds, onCommitted: @escaping @Sendable ([WebhookRecord]) -> Void
    ) {
        self.store = store
        self.monitored = monitored
        self.now = now
        self.onCommitted = onCommitted
    }

    public func ingest(_ record: WebhookRecord) async throws -> Outcome {
        nextID += 1
        let id = nextID
        if leading {
            let signal = try await withCheckedThrowingContinuation { continuation in
                queue.append(Pending(id: id, record: record, continuation: continuation))
            }
            if case .done(let outcome) = signal { return outcome }
        } else {
            leading = true
            queue.append(Pending(id: id, record: record, continuation: nil))
        }
        return try await commitRound(leader: id)
    }

    /// Commits the head of the queue (which starts with the leader's own event), answers the others,
    /// and passes the lead on.
    private func commitRound(leader: UInt64) async throws -> Outcome {
        let round = Array(queue.prefix(maxBatch))
        queue.removeFirst(round.count)
        let result: Result<[Bool], any Error>
        do {
            result = .success(try await store.commitWebhookRecords(round.map(\.record), receivedAt: now(), monitored: monitored))
        } catch {
            result = .failure(error)
        }
        if let next = queue.first {
            queue[0].continuation = nil
            next.continuation?.resume(returning: .lead)
        } else {
            leading = false
        }
        switch result {
        case .success(let fresh):
            onCommitted(zip(round, fresh).filter(\.1).map(\.0.record))
            var own = Outcome.stored
            for (pending, isNew) in zip(round, fresh) {
                let outcome: Outcome = isNew ? .stored : .duplicate
                if pending.id == leader { own = outcome } else { pending.continuation?.resume(returning: .done(outcome)) }
            }
            return own
        case .failure(let error):
            for pending in round where pending.id != leader { pending.continuation?.resume(throwing: error) }
            throw error
        }
    }
}
