import Foundation
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashStorage

/// The read-only JSON API of docs/dashboard-api.md, one method per endpoint. Everything it reads
/// comes from a read-only store connection; it never writes.
public struct DashboardAPI: Sendable {
    public var readers: ReaderPool
    public var calendar: LocalCalendar
    public var settings: DashboardSettings
    public var presence: PresenceSettings
    public var live: @Sendable () async -> LiveStatus
    public var now: @Sendable () -> UnixSeconds

    public init(
        readers: ReaderPool, calendar: LocalCalendar, settings: DashboardSettings, presence: PresenceSettings,
        live: @escaping @Sendable () async -> LiveStatus, now: @escaping @Sendable () -> UnixSeconds
    ) {
        self.readers = readers
        self.calendar = calendar
        self.settings = settings
        self.presence = presence
        self.live = live
        self.now = now
    }

    private var store: ZoomDashStore { readers.reader }

    /// Answers `path` (below `/api/v1/`) with `query`; bad parameters are 400s that name them.
    public func answer(path: String, query: QueryParameters, anonymous: Bool = false) async -> APIAnswer {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        do {
            if anonymous {
                guard parts == ["overview"] else { return .error(401, "log in first (a session, or HTTP Basic with an account of the users file)") }
            }
            switch parts.count {
            case 1:
                switch parts[0] {
                case "days": return try await days(query, anonymous: false)
                case "overview": return try await days(query, anonymous: true)
                case "today": return try await today()
                case "incidents": return try await incidents(query)
                case "disconnections": return try await disconnections(query)
                case "people": return try await people(query)
                case "presence": return try await presenceRooms(query)
                case "health": return try await health()
                default: break
                }
            case 2 where parts[0] == "incidents":
                guard let id = Int64(parts[1]) else { throw DashboardError.badParameter(name: "id", problem: "\"\(parts[1])\" is not an incident id (a number)") }
                return try await incident(id)
            case 2 where parts[0] == "meetings":
                return try await meeting(parts[1].removingPercentEncoding ?? parts[1])
            default: break
            }
            return .error(404, "no API call /api/v1/\(path); the calls are listed in docs/dashboard-api.md")
        } catch let error as DashboardError {
            if case .notFound(let message) = error { return .error(404, message) }
            return .error(400, error.description)
        } catch {
            return .error(503, "the store could not be read: \(error)")
        }
    }

    func days(_ query: QueryParameters, anonymous: Bool) async throws -> APIAnswer {
        let csv = try query.format()
        let (from, to) = try query.range(calendar: calendar, now: now(), defaultDays: 180)
        let buckets = try await store.usageTotals(from: from, to: to)
        let incidents = try await store.incidentRecords(matching: IncidentFilter(from: from, to: to, limit: 200_000))
        let series = DaySeries.build(buckets: buckets, incidents: incidents, calendar: calendar, from: from, to: to)
        let showTopics = !anonymous || settings.publicTopics
        var topicsByMeeting: [String: String] = [:]
        if showTopics {
            for incident in incidents where incident.scope == .meeting {
                if let uuid = incident.meetingUUID, let topic = incident.topic { topicsByMeeting[uuid] = topic }
            }
        }
        let moments = incidents.filter { $0.scope == .account }.reversed().map { record in
            API.BadMoment(
                id: record.id, start: API.time(record.start), end: API.time(record.end), meetings: record.meetings ?? 0,
                dropped: record.dropped, present: record.present, cause: record.cause.rawValue,
                topics: showTopics ? record.evidence.meetingUUIDs.compactMap { topicsByMeeting[$0] } : nil)
        }
        if csv {
            let rows: [[ExportTable.Value]] = series.days.map { day in
                [
                    .text(day.value), .integer(day.counters.meetings), .integer(day.counters.sessions),
                    .decimal(day.counters.participantHours), .integer(day.counters.drops), day.counters.rate.map(ExportTable.Value.decimal) ?? .null,
                    .integer(Int64(day.counters.meetingIncidents)), .integer(Int64(day.counters.accountIncidents)),
                ]
            }
            let table = ExportTable(
                name: "days",
                columns: ["date", "meetings", "sessions", "participant_hours", "drops", "rate", "meeting_incidents", "account_incidents"],
                rows: rows)
            return .csv(table, name: anonymous ? "overview" : "days")
        }
        return .json(
            API.Days(from: API.time(from), to: API.time(to), days: series.days, weeks: series.weeks, hours: series.hours, badMoments: moments),
            calendar: calendar, now: now())
    }

    func today() async throws -> APIAnswer {
        let now = now()
        let store = store
        let meetings = try await store.liveMeetingList(now: now)
        let byCause = try await store.dropsByReason(since: now - 3600)
        let dayStart = calendar.startOfDay(containing: now)
        let incidents = try await store.incidentRecords(matching: IncidentFilter(from: dayStart, to: dayStart + 26 * 3600, limit: 1000))
        let lastEvent = try await store.analysisTotals().lastWebhookEvent
        let status = await live()
        let body = API.Today(
            live: API.Live(
                meetings: meetings.map {
                    API.LiveMeetingJSON(uuid: $0.uuid, meetingId: $0.meetingID, topic: $0.topic, start: API.time($0.start), participants: $0.participants)
                },
                participants: meetings.reduce(0) { $0 + $1.participants }),
            lastHour: API.LastHour(drops: byCause.values.reduce(0, +), byCause: byCause),
            incidents: incidents.map(API.IncidentJSON.init),
            webhooks: API.Freshness(lastEventAt: API.time(lastEvent), secondsSince: lastEvent.map { max(0, now - $0) }),
            websocket: status.websocket, budget: status.budget)
        return .json(body, calendar: calendar, now: now)
    }

    func incidents(_ query: QueryParameters) async throws -> APIAnswer {
        let csv = try query.format()
        let (from, to) = try query.range(calendar: calendar, now: now(), defaultDays: 30)
        let limit = try query.integer("limit", default: csv ? 5000 : 1000, in: 1...5000)
        let filter = IncidentFilter(
            from: from, to: to, scope: try query.choice("scope", Incident.Scope.self), cause: try query.choice("cause", IncidentCause.self),
            topic: query.string("topic"), host: query.string("host"), limit: limit)
        var records = try await store.incidentRecords(matching: filter)
        let truncated = records.count > limit
        records = Array(records.prefix(limit))
        if csv { return .csv(ExportTable.incidents(records), name: "incidents") }
        return .json(API.Incidents(incidents: records.map(API.IncidentJSON.init), truncated: truncated), calendar: calendar, now: now())
    }

    func incident(_ id: Int64) async throws -> APIAnswer {
        let store = store
        guard let record = try await store.incidentRecord(id: id) else {
            throw DashboardError.notFound("no incident \(id) (a re-analysis may have withdrawn it)")
        }
        let uuids = record.scope == .account ? record.evidence.meetingUUIDs : record.meetingUUID.map { [$0] } ?? []
        var meetings: [API.MeetingJSON] = []
        var drops: [API.DropJSON] = []
        let gaps = try await store.gapFills(meetings: uuids)
        for uuid in uuids {
            if let meeting = try await store.meeting(uuid: uuid) {
                var json = Self.meetingJSON(meeting)
                json.gaps = gaps[uuid].map { $0.map(API.GapJSON.init) }
                meetings.append(json)
            }
            let records = try await store.disconnectionRecords(from: record.start - 60, to: record.end + 61, meetingUUID: uuid, limit: 10_000)
            drops += records.map(API.DropJSON.init)
        }
        drops.sort { ($0.time, $0.meetingUuid, $0.participantKey) < ($1.time, $1.meetingUuid, $1.participantKey) }
        return .json(API.IncidentDetail(incident: API.IncidentJSON(record), meetings: meetings, drops: drops), calendar: calendar, now: now())
    }

    func disconnections(_ query: QueryParameters) async throws -> APIAnswer {
        let csv = try query.format()
        let (from, to) = try query.range(calendar: calendar, now: now(), defaultDays: 7)
        let limit = try query.integer("limit", default: csv ? 50_000 : 5000, in: 1...50_000)
        var records = try await store.disconnectionRecords(
            from: from, to: to, meetingUUID: query.string("meeting"), participantKey: query.string("participant"), limit: limit)
        let truncated = records.count > limit
        records = Array(records.prefix(limit))
        if csv { return .csv(ExportTable.disconnects(records), name: "disconnections") }
        return .json(API.Disconnections(disconnections: records.map(API.DropJSON.init), truncated: truncated), calendar: calendar, now: now())
    }

    func people(_ query: QueryParameters) async throws -> APIAnswer {
        let csv = try query.format()
        let (from, to) = try query.range(calendar: calendar, now: now(), defaultDays: 30)
        let limit = try query.integer("limit", default: 100, in: 1...10_000)
        var people = try await store.peopleByDrops(from: from, to: to, limit: limit + 1)
        let truncated = people.count > limit
        people = Array(people.prefix(limit))
        if csv {
            let table = ExportTable(
                name: "people", columns: ["participant_key", "participant_name", "drops", "meetings", "lost_s", "last_drop", "poor_before", "topics"],
                rows: people.map {
                    [
                        .text($0.participantKey), .text($0.name), .integer(Int64($0.drops)), .integer(Int64($0.meetings)), .integer($0.lostSeconds),
                        .time($0.lastDrop), .integer(Int64($0.poorBefore)), .text($0.topics.joined(separator: "; ")),
                    ]
                })
            return .csv(table, name: "people")
        }
        let rows = people.map {
            API.Person(
                participantKey: $0.participantKey, name: $0.name, drops: $0.drops, meetings: $0.meetings, lostS: $0.lostSeconds,
                lastDrop: API.time($0.lastDrop), topics: $0.topics, poorBefore: $0.poorBefore)
        }
        return .json(API.People(people: rows, truncated: truncated), calendar: calendar, now: now())
    }

    func meeting(_ uuid: String) async throws -> APIAnswer {
        let store = store
        guard let meeting = try await store.meeting(uuid: uuid) else { throw DashboardError.notFound("no meeting \(uuid) in the store") }
        let sessions = try await store.sessions(meetingUUID: uuid)
        let timelines = Dictionary(try await store.qualityTimelines(meetingUUID: uuid).map { ($0.participantKey, $0) }) { a, _ in a }
        let classifier = LeaveReasonClassifier()
        var lanes: [String: API.Lane] = [:]
        var order: [String] = []
        for session in sessions.sorted(by: { ($0.joinTime, $0.participantKey) < ($1.joinTime, $1.participantKey) }) {
            if lanes[session.participantKey] == nil {
                order.append(session.participantKey)
                let poor = timelines[session.participantKey]?.minutes.filter { $0.poor != nil }.map { API.time($0.minute) } ?? []
                lanes[session.participantKey] = API.Lane(participantKey: session.participantKey, name: session.name, connections: [], poorMinutes: poor)
            }
            lanes[session.participantKey]?.connections.append(
                API.Connection(
                    join: API.time(session.joinTime), leave: API.time(session.leaveTime), leaveReason: session.leaveReason,
                    reasonClass: classifier.classify(session.leaveReason, name: session.name).rawValue))
        }
        let drops = try await store.disconnectionRecords(from: .min, to: .max, meetingUUID: uuid, limit: 50_000).reversed()
        let incidents = try await store.incidentRecords(meetingUUID: uuid)
        let quality = try await store.qualityRecord(meetingUUID: uuid).map {
            API.Quality(participantMinutes: $0.participantMinutes, poorMinutes: $0.poorMinutes, worstCause: $0.worstCause)
        }
        var meetingJSON = Self.meetingJSON(meeting)
        meetingJSON.gaps = try await store.gapFills(meetings: [uuid])[uuid].map { $0.map(API.GapJSON.init) }
        let body = API.MeetingDetail(
            meeting: meetingJSON, participants: order.compactMap { lanes[$0] }, drops: drops.map(API.DropJSON.init),
            incidents: incidents.map(API.IncidentJSON.init), quality: quality)
        return .json(body, calendar: calendar, now: now())
    }

    func presenceRooms(_ query: QueryParameters) async throws -> APIAnswer {
        let csv = try query.format()
        let store = store
        let entries = try await store.presence(meetingIDs: presence.meetingIDs, now: now())
        let allowed = Set(presence.watch.map { ParticipantIdentity.normalisedName($0) })
        let topics = try await store.topics(meetingIDs: presence.meetingIDs)
        if csv { return .csv(ExportTable.presence(entries, watch: presence.watch), name: "presence") }
        let rooms = presence.meetingIDs.map { id in
            let here = entries.filter { $0.meetingID == id }
            let named = here.filter { allowed.contains(ParticipantIdentity.normalisedName($0.participantName)) }
            return API.Room(
                meetingId: id, topic: topics[id], inRoom: here.filter(\.inRoom).count,
                othersInRoom: here.filter(\.inRoom).count - named.filter(\.inRoom).count,
                entries: named.map {
                    API.PresenceEntryJSON(
                        user: $0.participantName, status: $0.inRoom ? "in" : "out", lastJoin: API.time($0.lastJoin), lastLeft: API.time($0.lastLeft))
                })
        }
        return .json(API.Presence(rooms: rooms), calendar: calendar, now: now())
    }

    func health() async throws -> APIAnswer {
        let now = now()
        let store = store
        // Only what this page shows: the tallies of `zoomdashctl status` are passes over months of rows.
        let status = try await store.status(tallies: false)
        let lastEvent = try await store.analysisTotals().lastWebhookEvent
        let live = await live()
        let body = API.Health(
            version: live.version, startedAt: API.time(live.startedAt),
            store: API.StoreJSON(
                path: status.storePath, bytes: status.storeBytes, schema: status.schemaVersion, meetings: status.meetings,
                sessions: status.participantSessions, firstMeeting: API.time(status.firstMeeting), lastMeeting: API.time(status.lastMeeting)),
            collectors: status.collectors.map {
                API.Run(
                    name: $0.collector, lastRun: API.time($0.lastRun.finishedAt), ok: $0.lastRun.result == .ok, error: $0.lastRun.error,
                    lastSuccess: API.time($0.lastSuccessAt), runs: $0.runs, failedRuns: $0.failedRuns, waiting: nil)
            },
            sinks: status.sinks.map {
                API.Run(
                    name: $0.sink, lastRun: API.time($0.lastRun.finishedAt), ok: $0.lastRun.result == .ok, error: $0.lastRun.error,
                    lastSuccess: API.time($0.lastSuccessAt), runs: $0.runs, failedRuns: $0.failedRuns, waiting: $0.eventsWaiting)
            },
            webhooks: API.Freshness(lastEventAt: API.time(lastEvent), secondsSince: lastEvent.map { max(0, now - $0) }),
            websocket: live.websocket, qosBacklog: status.qosBacklog, analysisBacklog: status.analysisBacklog,
            triggeredFetches: status.triggeredFetches)
        return .json(body, calendar: calendar, now: now)
    }

    static func meetingJSON(_ meeting: MeetingInstance) -> API.MeetingJSON {
        API.MeetingJSON(
            uuid: meeting.uuid, meetingId: meeting.meetingID, topic: meeting.topic, host: meeting.hostEmail, start: API.time(meeting.startTime),
            end: API.time(meeting.endTime), source: meeting.source.rawValue)
    }
}

extension API.GapJSON {
    init(_ fill: ZoomDashStore.GapFill) {
        self.init(source: fill.source, from: API.time(fill.from), to: API.time(fill.to), filledFromRest: fill.filledFromREST)
    }
}
