import Foundation
import HummingbirdBcrypt
import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashDashboard
import ZoomDashStorage

/// A store with two analysed classes on one day (one with a collective drop, one whose participant
/// is called `<img src=x onerror=alert(1)>` and whose topic holds quotes and `</script>`), a watched
/// room, and the dashboard's API and access over it.
struct DashboardFixture {
    static let hostile = "<img src=x onerror=alert(1)>"
    static let hostileTopic = #"Quote "7B" </script>"#
    static let password = "correct horse"
    /// 2026-11-18 08:00 UTC, a Wednesday.
    static let day: UnixSeconds = 1_794_960_000 + 8 * 3600

    let api: DashboardAPI
    let access: DashboardAccess
    let store: ZoomDashStore
    let usersFile: String?

    static func make(
        users: Bool = true, anonymousOverview: Bool = false, publicTopics: Bool = false, now: UnixSeconds = day + 2 * 86_400
    ) async throws -> DashboardFixture {
        let path = PluginHarness.temporaryPath("zoomdash.sqlite")
        let store = try ZoomDashStore(path: path)
        let math = MeetingInstance(
            uuid: "M1==", meetingID: 111, topic: "7B Math", hostEmail: "teacher@school.example", startTime: day, endTime: day + 3000,
            source: .dashboard)
        let art = MeetingInstance(
            uuid: "A/2", meetingID: 222, topic: hostileTopic, hostEmail: "art@school.example", startTime: day, endTime: day + 3000,
            source: .dashboard)
        let room = MeetingInstance(
            uuid: "R3", meetingID: 333, topic: "Lookout Room", startTime: now - 600, endTime: nil, source: .webhook)
        try await store.upsertMeetings([math, art, room], monitored: { _ in true }, now: now)
        var sessions: [ParticipantSession] = []
        for index in 0..<10 {
            let key = "uuid:P\(index)"
            let dropped = index < 5
            sessions.append(
                ParticipantSession(
                    meetingUUID: "M1==", participantKey: key, joinTime: day, leaveTime: dropped ? day + 600 : day + 3000, name: "Pupil \(index)",
                    leaveReason: dropped ? "left the meeting. Reason : Network connection error. " : "left the meeting", source: .dashboard))
            if dropped {
                sessions.append(
                    ParticipantSession(
                        meetingUUID: "M1==", participantKey: key, joinTime: day + 660, leaveTime: day + 3000, name: "Pupil \(index)",
                        leaveReason: "left the meeting", source: .dashboard))
            }
        }
        try await store.storeParticipants(meetingUUID: "M1==", sessions: sessions, fetchedAt: now)
        let art1 = [
            ParticipantSession(
                meetingUUID: "A/2", participantKey: "uuid:X", joinTime: day, leaveTime: day + 900, name: hostile,
                leaveReason: "left the meeting. Reason : Network connection error. ", source: .dashboard),
            ParticipantSession(
                meetingUUID: "A/2", participantKey: "uuid:Y", joinTime: day, leaveTime: day + 3000, name: "Bo", leaveReason: "left the meeting",
                source: .dashboard),
        ]
        try await store.storeParticipants(meetingUUID: "A/2", sessions: art1, fetchedAt: now)
        let roomSessions = [
            ParticipantSession(meetingUUID: "R3", participantKey: "name:alice", joinTime: now - 500, leaveTime: nil, name: "Alice", source: .webhook),
            ParticipantSession(meetingUUID: "R3", participantKey: "name:carl", joinTime: now - 400, leaveTime: nil, name: "Carl", source: .webhook),
        ]
        _ = try await store.analyseMeetings(["M1==", "A/2"], thresholds: AnalysisThresholds(), now: now)
        // As the webhooks would have left them: two connections open now.
        try await store.insertSessions(roomSessions)

        var settings = DashboardSettings()
        settings.anonymousOverview = anonymousOverview
        settings.publicTopics = publicTopics
        var usersFile: String?
        if users {
            let file = (path as NSString).deletingLastPathComponent + "/dashboard.htpasswd"
            // htpasswd writes $2y$; both spellings must work.
            let hash = "$2y$" + Bcrypt.hash(password, cost: 4).dropFirst(4)
            try "# made by htpasswd -B\nalice:\(hash)\nbob:\(Bcrypt.hash("other", cost: 4))\n".write(toFile: file, atomically: true, encoding: .utf8)
            usersFile = file
            settings.usersFile = file
        }
        var presence = PresenceSettings()
        presence.meetingIDs = [333]
        presence.watch = ["alice"]
        let api = DashboardAPI(
            readers: try ReaderPool(path: path), calendar: LocalCalendar(zone: TimeZone(identifier: "Europe/Berlin")!), settings: settings,
            presence: presence, live: { LiveStatus(version: "test", startedAt: now - 60, budget: ["light_remaining": 80]) }, now: { now })
        let access = try DashboardAccess(usersFile: usersFile, sessionSeconds: 3600, logger: Logger(label: "dashboard-tests"))
        return DashboardFixture(api: api, access: access, store: store, usersFile: usersFile)
    }

    /// The same fixture on fresh read-only connections (after the file was changed underneath).
    static func reopen(_ fixture: DashboardFixture) async throws -> DashboardFixture {
        var api = fixture.api
        api.readers = try ReaderPool(path: await fixture.store.path)
        return DashboardFixture(api: api, access: fixture.access, store: fixture.store, usersFile: fixture.usersFile)
    }

    func json(_ path: String, _ query: [String: String] = [:]) async throws -> [String: Any] {
        let answer = await api.answer(path: path, query: QueryParameters(query))
        guard answer.status == 200 else { throw FixtureError.status(answer.status, answer.text) }
        return try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] ?? [:]
    }

    enum FixtureError: Error { case status(Int, String) }
}
