/// Rebuilds participant sessions of one meeting from its webhook join/leave events.
///
/// Events are replayed in event-time order, never arrival order (Zoom reorders and retries, and a
/// `participant_left` can arrive after the rejoin's `participant_joined`). At equal times a leave is
/// applied before a join, so a breakout move closes one session and opens the next at the same second.
/// A leave without a known join becomes a zero-length session (its reason still counts, and it is
/// marked as having no observed join), unless a join follows at the same second (a breakout move);
/// a join
/// while a session is open closes the open one without a reason (the leave event was lost).
public enum WebhookSessionBuilder {
    public struct Event: Sendable, Hashable {
        public var isJoin: Bool
        public var participantKey: String
        public var name: String
        public var email: String
        public var time: UnixSeconds
        public var leaveReason: String?
        public var participantUUID: String
        public var connectionID: String
        public var zoomUserID: String

        public init(isJoin: Bool, participantKey: String, name: String, email: String, time: UnixSeconds,
                    leaveReason: String?, participantUUID: String, connectionID: String, zoomUserID: String) {
            self.isJoin = isJoin
            self.participantKey = participantKey
            self.name = name
            self.email = email
            self.time = time
            self.leaveReason = leaveReason
            self.participantUUID = participantUUID
            self.connectionID = connectionID
            self.zoomUserID = zoomUserID
        }
    }

    public static func sessions(meetingUUID: String, events: [Event]) -> [ParticipantSession] {
        let ordered = events.sorted {
            ($0.participantKey, $0.time, $0.isJoin ? 1 : 0) < ($1.participantKey, $1.time, $1.isJoin ? 1 : 0)
        }
        var sessions: [ParticipantSession] = []
        var open: ParticipantSession?
        var currentKey: String?
        for (index, event) in ordered.enumerated() {
            if event.participantKey != currentKey {
                if let session = open { sessions.append(session) }
                open = nil
                currentKey = event.participantKey
            }
            if event.isJoin {
                if var session = open {
                    session.leaveTime = event.time
                    sessions.append(session)
                }
                open = session(meetingUUID, event, join: event.time, leave: nil)
            } else if var session = open {
                session.leaveTime = event.time
                session.leaveReason = event.leaveReason
                sessions.append(session)
                open = nil
            } else if index + 1 < ordered.count, ordered[index + 1].participantKey == event.participantKey,
                ordered[index + 1].isJoin, ordered[index + 1].time == event.time
            {
                // A leave whose join was lost, and a join at the same second: a breakout move, no drop
                // (and a zero-length session would share the next one's key).
                continue
            } else {
                var leaveOnly = session(meetingUUID, event, join: event.time, leave: event.time)
                leaveOnly.joinObserved = false
                sessions.append(leaveOnly)
            }
        }
        if let session = open { sessions.append(session) }
        return sessions
    }

    private static func session(_ meetingUUID: String, _ event: Event, join: UnixSeconds, leave: UnixSeconds?) -> ParticipantSession {
        var details = ParticipantSession.Details()
        details.participantUUID = event.participantUUID
        details.connectionID = event.connectionID
        details.zoomUserID = event.zoomUserID
        return ParticipantSession(
            meetingUUID: meetingUUID, participantKey: event.participantKey, joinTime: join, leaveTime: leave,
            name: event.name, email: event.email, leaveReason: event.isJoin ? nil : event.leaveReason,
            details: details, source: .webhook)
    }
}
