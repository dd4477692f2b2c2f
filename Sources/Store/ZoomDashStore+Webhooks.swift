import ZoomDashCore

extension ZoomDashStore {
    /// More meetings than a school has live at once, so the cache is forgotten only between school days.
    static let meetingsSeenLimit = 20_000

    /// Commits a batch of webhook events in one transaction: the raw events (a redelivery of the same
    /// business key is ignored), the meetings they name, `meeting.alert` issues, and the marks that
    /// tell the live analysis which meetings are due (``analysisDue(limit:)``).
    /// - Returns: per record, whether it was new (false: a duplicate delivery).
    public func commitWebhookRecords(
        _ records: [WebhookRecord], receivedAt: UnixSeconds, monitored: @Sendable (MeetingInstance) -> Bool
    ) throws -> [Bool] {
        try verifyFilesUnchanged()
        let insert = try statement(
            """
            INSERT OR IGNORE INTO webhook_events(event, meeting_uuid, participant_key, event_time, event_ts_ms,
                received_at, meeting_id, participant_name, participant_email, leave_reason, participant_uuid,
                connection_id, zoom_user_id, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let alert = try statement("INSERT OR IGNORE INTO meeting_alerts(meeting_uuid, time, issue, text) VALUES (?, ?, ?, ?)")
        let body = try statement("INSERT INTO webhook_event_bodies(event_id, deflated) VALUES (?, ?)")
        var committed: [String] = []
        /// New joins and leaves of meetings the live analysis remembers, for its copy once committed.
        var remembered: [(uuid: String, event: WebhookSessionBuilder.Event, id: Int64)] = []
        let result = try transaction(keepsLiveMemory: true) { () throws -> [Bool] in
            var fresh: [Bool] = []
            fresh.reserveCapacity(records.count)
            var meetings: [String: MeetingInstance] = [:]
            var due: [String: AnalysisDue] = [:]
            var ended: [(uuid: String, time: UnixSeconds)] = []
            for record in records {
                insert.bind(1, record.event)
                insert.bind(2, record.meetingUUID)
                insert.bind(3, record.deduplicationKey)
                insert.bind(4, record.eventTime)
                insert.bind(5, record.eventTimestampMilliseconds)
                insert.bind(6, receivedAt)
                insert.bind(7, record.meetingID)
                insert.bind(8, record.participant?.name ?? "")
                insert.bind(9, record.participant?.email ?? "")
                insert.bind(10, record.participant?.leaveReason)
                insert.bind(11, record.participant?.participantUUID ?? "")
                insert.bind(12, record.participant?.connectionID ?? "")
                insert.bind(13, record.participant?.zoomUserID ?? "")
                let deflated = webhookBodyDeflater.deflated(record.body)
                if deflated != nil { insert.bind(14, "") } else { insert.bind(14, textBytes: record.body) }
                try insert.run()
                let isNew = connection.changes > 0
                fresh.append(isNew)
                let eventID = connection.lastInsertRowID
                if isNew, let deflated {
                    body.bind(1, eventID)
                    body.bind(2, blob: deflated)
                    try body.run()
                }
                guard isNew, !record.meetingUUID.isEmpty else { continue }
                if liveMemory.remembers(record.meetingUUID), let event = Self.sessionEvent(record) {
                    remembered.append((record.meetingUUID, event, eventID))
                }
                due[record.meetingUUID, default: AnalysisDue(meetingUUID: record.meetingUUID, meetingID: nil, lastEventID: 0, since: receivedAt)]
                    .lastEventID = eventID
                if let id = record.meetingID { due[record.meetingUUID]?.meetingID = id }
                let onlyNeedsTheRow = record.kind == .participantJoined || record.kind == .participantLeft
                if onlyNeedsTheRow && meetingsSeenByWebhook.contains(record.meetingUUID) { continue }
                if let start = record.meetingStart {
                    var meeting = meetings[record.meetingUUID] ?? MeetingInstance(
                        uuid: record.meetingUUID, meetingID: record.meetingID ?? 0, topic: record.topic,
                        hostID: record.hostID, startTime: start, endTime: nil, source: .webhook)
                    if record.kind == .meetingEnded {
                        meeting.endTime = record.meetingEnd ?? record.eventTime
                        ended.append((record.meetingUUID, meeting.endTime!))
                    }
                    meetings[record.meetingUUID] = meeting
                    committed.append(record.meetingUUID)
                }
                if record.kind == .meetingAlert {
                    for text in record.issues {
                        alert.bind(1, record.meetingUUID)
                        alert.bind(2, record.eventTime)
                        alert.bind(3, MeetingAlertIssue(text: text).rawValue)
                        alert.bind(4, text)
                        try alert.run()
                    }
                }
            }
            if !meetings.isEmpty {
                try upsertMeetingsWithoutTransaction(Array(meetings.values), monitored: monitored, now: receivedAt)
            }
            try markAnalysisDueWithoutTransaction(due)
            if !ended.isEmpty { try queueTriggeredFetchesWithoutTransaction(ended) }
            return fresh
        }
        for item in remembered { liveMemory.append(committed: item.event, id: item.id, to: item.uuid) }
        // Bounded: a daemon that runs for months sees many meetings; forgetting them costs one upsert each.
        if meetingsSeenByWebhook.count > Self.meetingsSeenLimit { meetingsSeenByWebhook.removeAll(keepingCapacity: true) }
        meetingsSeenByWebhook.formUnion(committed)
        return result
    }

    /// A join or leave as ``participantEvents(meetingUUIDs:alsoInclude:remembering:)`` reads it back
    /// from the row `commitWebhookRecords` writes; nil for other events.
    static func sessionEvent(_ record: WebhookRecord) -> WebhookSessionBuilder.Event? {
        let isJoin = record.event == WebhookRecord.Kind.participantJoined.rawValue
        guard isJoin || record.event == WebhookRecord.Kind.participantLeft.rawValue else { return nil }
        return WebhookSessionBuilder.Event(
            isJoin: isJoin, participantKey: record.deduplicationKey, name: record.participant?.name ?? "",
            email: record.participant?.email ?? "", time: record.eventTime, leaveReason: record.participant?.leaveReason,
            participantUUID: record.participant?.participantUUID ?? "", connectionID: record.participant?.connectionID ?? "",
            zoomUserID: record.participant?.zoomUserID ?? "")
    }

    /// The raw bodies of stored webhook events after event `id`, in order, byte for byte as Zoom
    /// signed them (compressed ones inflated). Throws if a stored body cannot be read back.
    public func webhookBodies(after id: Int64 = 0, limit: Int = 1000) throws -> [(id: Int64, body: [UInt8])] {
        let query = try statement(
            """
            SELECT e.id, e.body, b.deflated FROM webhook_events e LEFT JOIN webhook_event_bodies b ON b.event_id = e.id
            WHERE e.id > ? ORDER BY e.id LIMIT ?
            """)
        defer { query.reset() }
        query.bind(1, id)
        query.bind(2, limit)
        var bodies: [(id: Int64, body: [UInt8])] = []
        while try query.step() {
            let id = query.int64(0)
            guard !query.isNull(2) else {
                bodies.append((id, try query.withBlob(1) { Array($0) }))
                continue
            }
            guard let body = WebhookBodyDeflater.inflated(try query.withBlob(2) { Array($0) }) else {
                throw StoreError.corrupt("webhook event \(id) has a stored body this zoomdash cannot inflate")
            }
            bodies.append((id, body))
        }
        return bodies
    }

    /// The join/leave events of each given meeting that live analysis should rebuild: meetings that
    /// are monitored (or listed in `alsoInclude`, the presence rooms) and whose participants Zoom's
    /// own record has not replaced yet. One call for many meetings, so the analysis costs the store
    /// few turns between webhook commits.
    public func webhookParticipantEvents(meetingUUIDs: [String], alsoInclude: Set<String> = [])
        throws -> [String: [WebhookSessionBuilder.Event]]
    {
        try participantEvents(meetingUUIDs: meetingUUIDs, alsoInclude: alsoInclude, remembering: false)
    }

    /// Replaces the webhook-derived sessions of each meeting in one transaction, except where the
    /// participants collector already stored Zoom's own record (authoritative; never counted twice).
    /// - Returns: the meetings whose sessions were replaced.
    @discardableResult
    public func replaceWebhookSessions(_ sessionsByMeeting: [String: [ParticipantSession]]) throws -> [String] {
        guard !sessionsByMeeting.isEmpty else { return [] }
        return try transaction { try replaceWebhookSessionsWithoutTransaction(sessionsByMeeting) }
    }

    func replaceWebhookSessionsWithoutTransaction(_ sessionsByMeeting: [String: [ParticipantSession]]) throws -> [String] {
        var unused: [String: [ParticipantSession]] = [:]
        return try replaceWebhookSessionsWithoutTransaction(sessionsByMeeting, storedAfter: &unused)
    }

    /// - Parameters:
    ///   - storedAfter: gets, for each replaced meeting whose sessions are now exactly the given ones
    ///     (no session of another source, no two sharing a key), those sessions in the order
    ///     ``sessionsForAnalysis(meetingUUID:)`` reads them, so the analysis need not read them back.
    ///   - remembering: takes the stored sessions from ``LiveAnalysisMemory`` where it has them, and
    ///     leaves there what is stored after (only inside the live analysis's transaction).
    func replaceWebhookSessionsWithoutTransaction(
        _ sessionsByMeeting: [String: [ParticipantSession]], storedAfter: inout [String: [ParticipantSession]], remembering: Bool = false
    ) throws -> [String] {
        let fetched = try statement("SELECT participants_fetched_at IS NOT NULL FROM meetings WHERE uuid = ?")
        let stored = try statement("SELECT \(Self.sessionColumns) FROM participant_sessions WHERE meeting_uuid = ?")
        let delete = try statement("DELETE FROM participant_sessions WHERE meeting_uuid = ? AND participant_key = ? AND join_time = ?")
        defer {
            fetched.reset()
            stored.reset()
        }
        var replaced: [String] = []
        var added = 0
        for (uuid, sessions) in sessionsByMeeting.sorted(by: { $0.key < $1.key }) {
            fetched.bind(1, uuid)
            let alreadyFetched = try fetched.step() && fetched.int64(0) == 1
            fetched.reset()
            if alreadyFetched { continue }
            // Only what changed is written: a live meeting is rebuilt on each pass for its few new
            // events, and rewriting all its sessions cost more than the rest of the pass.
            let ordered = Self.inStoredOrder(sessions)
            var gone: [ParticipantSession] = []
            var changed: [ParticipantSession] = []
            var new: [ParticipantSession] = []
            var othersStored = false
            if remembering, let remembered = liveMemory[uuid]?.webhookSessions, let ordered {
                // Both sides in the store's key order: one walk, no session hashed (hashing every
                // session of a class into sets was 4 % of the daemon's CPU under load).
                Self.diffInKeyOrder(stored: remembered, derived: ordered, gone: &gone, changed: &changed, new: &new)
            } else {
                var before: Set<ParticipantSession> = []
                stored.bind(1, uuid)
                while try stored.step() {
                    let session = Self.session(from: stored)
                    if session.source == .webhook { before.insert(session) } else { othersStored = true }
                }
                stored.reset()
                let after = Set(sessions)
                // A session that keeps its key (one a leave has just closed) is updated in place: a
                // delete and an insert cost two row writes and two index changes.
                var goneByKey = Dictionary(
                    before.subtracting(after).map { (StoredSessionKey($0), $0) }, uniquingKeysWith: { first, _ in first })
                for session in sessions where !before.contains(session) {
                    if goneByKey.removeValue(forKey: StoredSessionKey(session)) != nil { changed.append(session) } else { new.append(session) }
                }
                gone = Array(goneByKey.values)
            }
            for session in gone {
                delete.bind(1, uuid)
                delete.bind(2, session.participantKey)
                delete.bind(3, session.joinTime)
                try delete.run()
                added -= 1
            }
            try updateSessionsWithoutTransaction(changed)
            try insertSessionsWithoutTransaction(new)
            added += new.count
            replaced.append(uuid)
            let exact = othersStored ? nil : ordered
            if let exact { storedAfter[uuid] = exact }
            // Only a copy of exactly what is stored is remembered: rows of another source, or two
            // sessions merged into one row, are read again next time.
            if remembering { liveMemory.update(uuid) { $0.webhookSessions = exact } }
        }
        if added != 0 { try adjustSessionCountWithoutTransaction(by: added) }
        return replaced
    }

    /// What turns the stored sessions into the derived ones, both in the store's key order with no
    /// two sharing a key: sessions whose key is gone, those whose key stays but whose row changed (a
    /// leave closed it: updated in place), and new ones.
    static func diffInKeyOrder(
        stored: [ParticipantSession], derived: [ParticipantSession], gone: inout [ParticipantSession],
        changed: inout [ParticipantSession], new: inout [ParticipantSession]
    ) {
        var old = stored.startIndex
        var fresh = derived.startIndex
        while old < stored.endIndex || fresh < derived.endIndex {
            let order = old == stored.endIndex ? 1 : fresh == derived.endIndex ? -1 : keyOrder(stored[old], derived[fresh])
            if order == 0 {
                if stored[old] != derived[fresh] { changed.append(derived[fresh]) }
                old += 1
                fresh += 1
            } else if order < 0 {
                gone.append(stored[old])
                old += 1
            } else {
                new.append(derived[fresh])
                fresh += 1
            }
        }
    }

    /// -1, 0 or 1 as `a`'s key comes before, is, or comes after `b`'s in the store's order.
    private static func keyOrder(_ a: ParticipantSession, _ b: ParticipantSession) -> Int {
        if a.participantKey.utf8.elementsEqual(b.participantKey.utf8) { return a.joinTime < b.joinTime ? -1 : a.joinTime == b.joinTime ? 0 : 1 }
        return a.participantKey.precedesInKeyOrder(b.participantKey) ? -1 : 1
    }

    /// A session's key as the store compares it: the participant key by its bytes, and the join time.
    struct StoredSessionKey: Hashable {
        let participantKey: [UInt8]
        let joinTime: UnixSeconds

        init(_ session: ParticipantSession) {
            participantKey = Array(session.participantKey.utf8)
            joinTime = session.joinTime
        }
    }

    /// `sessions` ordered as the store's key orders them (participant key by its bytes, then join
    /// time), or nil when two share a key: the store merges those into one row.
    /// (Swift's `==` and `<` on strings follow Unicode equivalence; the store's keys compare by bytes.)
    static func inStoredOrder(_ sessions: [ParticipantSession]) -> [ParticipantSession]? {
        func sameKey(_ a: ParticipantSession, _ b: ParticipantSession) -> Bool { a.participantKey.utf8.elementsEqual(b.participantKey.utf8) }
        let ordered = sessions.sorted {
            sameKey($0, $1) ? $0.joinTime < $1.joinTime : $0.participantKey.utf8.lexicographicallyPrecedes($1.participantKey.utf8)
        }
        for index in ordered.indices.dropFirst() where sameKey(ordered[index], ordered[index - 1]) && ordered[index].joinTime == ordered[index - 1].joinTime {
            return nil
        }
        return ordered
    }

    /// Rebuilds the webhook-derived sessions of every meeting the live analysis would rebuild
    /// (monitored or a watched room, without Zoom's own record yet), as it does. Inside a transaction.
    func rebuildAllWebhookSessionsWithoutTransaction(presenceMeetingIDs: [Int64]) throws {
        let rooms = presenceMeetingIDs.map(String.init).joined(separator: ",")
        // Sorted here, not by ORDER BY: SQLite would walk the uuid index and look up every meeting's
        // row to test the filter (a tenth of a second on 40,000 meetings) to sort the few that pass.
        let query = try connection.prepare(
            "SELECT uuid FROM meetings WHERE participants_fetched_at IS NULL AND (monitored = 1 OR meeting_id IN (\(rooms)))")
        var uuids: [String] = []
        while try query.step() { uuids.append(query.text(0)) }
        uuids.sort { $0.precedesInKeyOrder($1) }
        var start = 0
        while start < uuids.count {
            let chunk = Array(uuids[start..<min(start + 256, uuids.count)])
            start += chunk.count
            var sessions: [String: [ParticipantSession]] = [:]
            for (uuid, events) in try webhookParticipantEvents(meetingUUIDs: chunk, alsoInclude: Set(chunk)) where !events.isEmpty {
                sessions[uuid] = WebhookSessionBuilder.sessions(meetingUUID: uuid, events: events)
            }
            _ = try replaceWebhookSessionsWithoutTransaction(sessions)
        }
    }
}
