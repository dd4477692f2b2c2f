import Logging
import ZoomDashCore
import ZoomDashStorage

/// `digest = "HH:MM"`: once a day after that local time, one message about the previous local day.
///
/// The last day sent is the checkpoint `chat.NAME.digest` (an ISO date), written right after the
/// post: a restart never sends a day twice, and a crash between the two repeats that one message,
/// which names its day. A digest enabled today sends yesterday's at once if today's time has
/// passed; a day whose digest window the daemon missed entirely is not sent late (see
/// ``DigestSchedule``). During quiet hours it waits until they end.
extension ChatNotifier {
    var digestKey: String { "chat.\(name).digest" }

    /// - Returns: when to look again.
    func digest(now: UnixSeconds, minute: Int) async throws -> UnixSeconds {
        let due = DigestSchedule(minute: minute, timeZone: settings.policy.timeZone).due(at: now)
        guard due.isDue, let store else { return due.next }
        if let sent = try await store.checkpoint(digestKey), sent >= due.day { return due.next }
        if let end = quietUntil(now) { return end }
        let facts = try await store.digestFacts(from: due.start, to: due.end)
        let message = DigestComposer(timeZone: settings.policy.timeZone, names: settings.digestNames).message(facts, day: due)
        guard try await postOwn(message, now: now) else { return nextAllowed(now: now) }
        try await store.setCheckpoint(digestKey, due.day, now: now)
        logger.info("posted the daily digest", metadata: ["sink": "\(name)", "chat.day": "\(due.day)", "chat.drops": "\(facts.drops.count)"])
        return due.next
    }
}
