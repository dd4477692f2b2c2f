import ZoomDashCore

/// The live analysis's reads through ``LiveAnalysisMemory``: a class met again for a few new events
/// reads those events only, and finds its sessions and derived rows as it wrote them last time.
/// Only inside ``analyseMeetings(_:rooms:thresholds:now:)``'s transaction, which keeps the memory
/// equal to the store.
extension ZoomDashStore {
    /// Forgets what the live analysis remembers if another connection committed since it last
    /// looked. Call first inside the analysing transaction: it holds the write lock, so nothing
    /// else can commit until it ends.
    func forgetLiveMemoryIfOthersWrote() throws {
        let version = try statement("PRAGMA data_version")
        defer { version.reset() }
        _ = try version.step()
        liveMemory.checkOtherWriters(dataVersion: version.int64(0))
    }

    /// ``webhookParticipantEvents(meetingUUIDs:alsoInclude:)``; `remembering`, it reads only the events
    /// stored since the memory's last read of each meeting, and keeps them there (the events' order
    /// does not matter to the builder: their key makes event, participant and time unique).
    func participantEvents(meetingUUIDs: [String], alsoInclude: Set<String>, remembering: Bool) throws
        -> [String: [WebhookSessionBuilder.Event]]
    {
        let meeting = try statement("SELECT monitored, participants_fetched_at IS NOT NULL FROM meetings WHERE uuid = ?")
        let query = try statement(
            """
            SELECT id, event, participant_key, participant_name, participant_email, event_time, leave_reason,
                   participant_uuid, connection_id, zoom_user_id
            FROM webhook_events WHERE meeting_uuid = ? AND event IN ('meeting.participant_joined', 'meeting.participant_left') AND id > ?
            """)
        defer {
            meeting.reset()
            query.reset()
        }
        var result: [String: [WebhookSessionBuilder.Event]] = [:]
        for uuid in meetingUUIDs {
            meeting.bind(1, uuid)
            let known = try meeting.step()
            let (monitored, fetched) = known ? (meeting.int64(0) == 1, meeting.int64(1) == 1) : (false, false)
            meeting.reset()
            guard (monitored || alsoInclude.contains(uuid)) && !fetched else { continue }
            func read(_ remembered: inout LiveAnalysisMemory.Meeting) throws {
                query.bind(1, uuid)
                query.bind(2, remembered.lastEventID)
                defer { query.reset() }
                while try query.step() {
                    remembered.lastEventID = max(remembered.lastEventID, query.int64(0))
                    remembered.events.append(
                        WebhookSessionBuilder.Event(
                            isJoin: query.text(1) == WebhookRecord.Kind.participantJoined.rawValue, participantKey: query.text(2),
                            name: query.text(3), email: query.text(4), time: query.int64(5), leaveReason: query.optionalText(6),
                            participantUUID: query.text(7), connectionID: query.text(8), zoomUserID: query.text(9)))
                }
            }
            if remembering {
                result[uuid] = try liveMemory.update(uuid) { remembered in
                    try read(&remembered)
                    return remembered.events
                }
            } else {
                var all = LiveAnalysisMemory.Meeting()
                try read(&all)
                result[uuid] = all.events
            }
        }
        return result
    }
}
