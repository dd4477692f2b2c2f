import Foundation

/// Renders a scenario as the webhook stream Zoom would have sent (Zoom's webhook event reference; what ZoomDash reads: docs/zoom-api-notes.md §6.1).
///
/// Per meeting: `meeting.started`, one `meeting.participant_joined` per connection record, one
/// `meeting.participant_left` per record (webhook `leave_reason` wording), a `meeting.alert`
/// a few seconds after each collective drop (plus some noise alerts), and `meeting.ended`.
/// Breakout moves appear as left/joined pairs with the breakout reasons, as observed in real
/// captures. The meeting `id` is a number in `meeting.alert` and in every other
/// `meeting.started`, a string elsewhere; `issues` alternates between a list and a string.
extension Scenario {
    public func webhookEvents(accountID: String = "sim-account") -> [WebhookEvent] {
        var builder = WebhookEventBuilder(accountID: accountID)
        for (index, meeting) in meetings.enumerated() {
            let collectiveStarts = plan.collectives
                .filter { $0.meetingIndex == index }
                .compactMap { $0.dropIndices.map { plan.drops[$0].time }.min() }
            builder.add(meeting, ordinal: index, collectiveStarts: collectiveStarts, seed: options.seed)
        }
        return builder.sortedEvents()
    }
}

struct WebhookEventBuilder {
    private struct Pending {
        let sortKey: (Int64, Int, Int)
        let event: WebhookEvent
    }

    let accountID: String
    private var pending: [Pending] = []
    private var sequence = 0

    init(accountID: String) {
        self.accountID = accountID
    }

    func sortedEvents() -> [WebhookEvent] {
        pending.sorted { $0.sortKey < $1.sortKey }.map(\.event)
    }

    mutating func add(_ meeting: SimMeeting, ordinal: Int, collectiveStarts: [Int], seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: 301, index: UInt64(ordinal))
        // Millisecond offsets keep "left" before "joined" within a second (breakout moves).
        func milliseconds(_ second: Int, _ range: ClosedRange<Int>) -> Int64 {
            Int64(second) * 1000 + Int64(random.int(in: range))
        }
        let startSecond = meeting.start.epochSeconds
        append("meeting.started", at: milliseconds(startSecond, 0...99), meeting: meeting,
               object: base(meeting, numericID: ordinal % 2 == 0))
        for record in meeting.records {
            var participant = identity(record)
            participant.append(("join_time", .time(record.joinTime)))
            participant.append(("public_ip", .string(record.client.ipAddress)))
            append("meeting.participant_joined", at: milliseconds(record.joinTime.epochSeconds, 500...899), meeting: meeting,
                   object: base(meeting, numericID: false) + [("participant", .object(participant))])
        }
        for record in meeting.records {
            var participant = identity(record)
            participant.append(("leave_time", .time(record.leaveTime)))
            participant.append(("public_ip", .string(record.client.ipAddress)))
            participant.append(("private_ip", .string(record.client.internalIPAddress)))
            participant.append(("leave_reason", .string(LeaveReasonText.webhook(record.leaveReason))))
            append("meeting.participant_left", at: milliseconds(record.leaveTime.epochSeconds, 100...499), meeting: meeting,
                   object: base(meeting, numericID: false) + [("participant", .object(participant))])
        }
        var alertTimes = collectiveStarts.map { ($0 + random.int(in: 3...6), "Call Reconnection") }
        if meeting.isClass, random.chance(0.1) {
            let second = startSecond + random.int(in: 300...max(301, meeting.durationSeconds - 300))
            alertTimes.append((second, random.pick(["Unstable audio quality", "Unstable video quality", "High CPU occupation"])))
        }
        for (second, issue) in alertTimes {
            let issues: JSONValue = sequence % 2 == 0 ? .array([.string(issue)]) : .string(issue)
            append("meeting.alert", at: milliseconds(second, 0...999), meeting: meeting,
                   object: base(meeting, numericID: true) + [("issues", issues)])
        }
        append("meeting.ended", at: milliseconds(meeting.end.epochSeconds, 900...999), meeting: meeting,
               object: base(meeting, numericID: false) + [("end_time", .time(meeting.end))])
    }

    private mutating func append(_ event: String, at eventTimestamp: Int64, meeting: SimMeeting, object: [(String, JSONValue)]) {
        let body = JSONValue.object([
            ("event", .string(event)),
            ("event_ts", .int(eventTimestamp)),
            ("payload", .object([("account_id", .string(accountID)), ("object", .object(object))])),
        ]).serialized()
        let rank = event == "meeting.started" ? 0 : event == "meeting.ended" ? 2 : 1
        pending.append(Pending(
            sortKey: (eventTimestamp, rank, sequence),
            event: WebhookEvent(event: event, eventTimestampMilliseconds: eventTimestamp, meetingUUID: meeting.uuid, body: body)))
        sequence += 1
    }

    private func base(_ meeting: SimMeeting, numericID: Bool) -> [(String, JSONValue)] {
        [
            ("id", numericID ? .int(meeting.id) : .string(String(meeting.id))),
            ("uuid", .string(meeting.uuid)),
            ("host_id", .string(meeting.hostID)),
            ("topic", .string(meeting.topic)),
            ("type", .integer(meeting.type)),
            ("start_time", .time(meeting.start)),
            ("timezone", .string("Europe/Berlin")),
            ("duration", .integer(meeting.scheduledMinutes)),
        ]
    }

    private func identity(_ record: ParticipantRecord) -> [(String, JSONValue)] {
        [
            ("user_id", .string(record.userID)),
            ("user_name", .string(record.name)),
            ("id", .string(record.zoomUserID)),
            ("participant_user_id", .string(record.zoomUserID)),
            ("registrant_id", .string(record.registrantID)),
            ("email", .string(record.email)),
            ("participant_uuid", .string(record.participantUUID)),
            ("customer_key", .string("")),
        ]
    }
}
