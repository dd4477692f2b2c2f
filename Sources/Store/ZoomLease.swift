import Foundation
import Logging
import ZoomDashCore

/// The Zoom API budget is per account, so only one process may poll Zoom at a time: the daemon's
/// scheduled runs and `zoomdashctl backfill` take turns through this lease in the store.
public struct ZoomLease: Sendable {
    public static let name = "zoom.api"
    public static let seconds: Int64 = 600

    public let store: ZoomDashStore
    public let holder: String

    public init(store: ZoomDashStore, holder: String) {
        self.store = store
        self.holder = holder
    }

    /// `"<program> pid <N> on <host>"`: enough to tell, on this host, that a holder died (kill -9,
    /// power cut) so its lease can be taken over at once instead of after it expires.
    public static func holderName(program: String) -> String {
        "\(program) pid \(getpid()) on \(ProcessInfo.processInfo.hostName)"
    }

    static func isDeadLocalProcess(_ holder: String) -> Bool {
        let parts = holder.components(separatedBy: " pid ")
        guard parts.count == 2 else { return false }
        let rest = parts[1].components(separatedBy: " on ")
        guard rest.count == 2, let pid = Int32(rest[0]), rest[1] == ProcessInfo.processInfo.hostName else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }

    /// One attempt: takes the lease if it is free, ours, expired, or held by a dead process on this host.
    public func tryAcquire(now: UnixSeconds) async throws -> Bool {
        if try await store.acquireLease(Self.name, holder: holder, now: now, seconds: Self.seconds) { return true }
        guard let other = try await store.leaseHolder(Self.name, now: now), Self.isDeadLocalProcess(other) else { return false }
        try await store.releaseLease(Self.name, holder: other)
        return try await store.acquireLease(Self.name, holder: holder, now: now, seconds: Self.seconds)
    }

    /// Runs `body` holding the lease, waiting (and saying so) while another process holds it, and
    /// renewing it until `body` returns.
    public func withLease<T: Sendable>(
        logger: Logger, now: @escaping @Sendable () -> UnixSeconds, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        var announced = false
        while try await !tryAcquire(now: now()) {
            if !announced {
                let other = try await store.leaseHolder(Self.name, now: now()) ?? "another process"
                logger.notice("waiting: \(other) is using the Zoom API budget of this account")
                announced = true
            }
            try await Task.sleep(for: .seconds(2))
        }
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await renewing(now: now, body))
        } catch {
            outcome = .failure(error)
        }
        try? await store.releaseLease(Self.name, holder: holder)
        return try outcome.get()
    }

    private func renewing<T: Sendable>(
        now: @escaping @Sendable () -> UnixSeconds, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let store = self.store
        let holder = self.holder
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(Self.seconds / 4))
                    _ = try await store.acquireLease(Self.name, holder: holder, now: now(), seconds: Self.seconds)
                }
                return nil
            }
            group.addTask { try await body() }
            while let result = try await group.next() {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            throw CancellationError()
        }
    }
}
