import Foundation
import Logging
import ZoomDashCore
import ZoomDashStorage

/// `presence = true`: "Alice joined Lookout Room (3 in the room)" for the `[presence]` rooms.
///
/// The feed reads the rooms' join and leave webhook events after its cursor, the checkpoint
/// `chat.NAME.presence` (the last event id handled; a new feed starts at the newest event, not at
/// the rooms' history), and posts what arrived since the last look as one message. The cursor moves
/// only after the post, so a failed post is grouped into the next one, and a crash between posting
/// and moving repeats one message at most. Not posted, and passed over: changes older than
/// ``presenceStaleAfter`` (a feed is about now: a join from an hour ago, after an outage, is noise),
/// and what happens during quiet hours (by morning "Alice left" means nothing; the presence export
/// has who is in). It never takes the minute's last post (unless the limit is 1), which an incident
/// may need: what waits for room is grouped into the next post.
extension ChatNotifier {
    var presenceKey: String { "chat.\(name).presence" }
    static let presenceStaleAfter: UnixSeconds = 900
    static let presenceBatch = 500

    /// - Returns: when to look again.
    func presenceFeed(now: UnixSeconds) async throws -> UnixSeconds {
        let next = now + Self.presenceInterval
        guard let store, !presence.meetingIDs.isEmpty else { return next }
        guard let cursor = try await store.checkpoint(presenceKey).flatMap({ Int64($0) }) else {
            try await store.setCheckpoint(presenceKey, String(try await store.latestWebhookEventID()), now: now)
            return next
        }
        let changes = try await store.presenceChanges(after: cursor, meetingIDs: presence.meetingIDs, limit: Self.presenceBatch)
        guard let last = changes.last else { return next }
        let fresh = changes.filter { $0.time >= now - Self.presenceStaleAfter }
        if !fresh.isEmpty, quietUntil(now) == nil {
            var rooms: [String: PresenceComposer.Room] = [:]
            for change in fresh where rooms[change.meetingUUID] == nil {
                let topic = try await store.meeting(uuid: change.meetingUUID)?.topic.trimmingCharacters(in: .whitespaces) ?? ""
                let inRoom = PresenceChange.inRoom(try await store.presenceChanges(meetingUUID: change.meetingUUID, through: last.id))
                rooms[change.meetingUUID] = .init(name: topic.isEmpty ? "room \(change.meetingID)" : topic, inRoom: inRoom)
            }
            if let message = PresenceComposer(allowlist: PresenceAllowlist(presence.watch), rooms: rooms).message(fresh) {
                guard try await postOwn(message, now: now, reserve: settings.policy.maxMessagesPerMinute > 1 ? 1 : 0) else { return next }
                logger.info("posted presence", metadata: ["sink": "\(name)", "chat.changes": "\(fresh.count)", "chat.through_event": "\(last.id)"])
            }
        }
        try await store.setCheckpoint(presenceKey, String(last.id), now: now)
        return changes.count == Self.presenceBatch ? now : next
    }
}
