import Foundation
import Testing
import ZoomDashCore
import ZoomDashDashboard
import ZoomDashStorage

/// The JSON API over a real store file, without HTTP (the routes have their own tests).
@Suite(.timeLimit(.minutes(5))) struct DashboardAPITests {
    @Test func daysGiveTheRatePerHundredParticipantHoursInTheSchoolsZone() async throws {
        let fixture = try await DashboardFixture.make()
        let body = try await fixture.json("days", ["from": "2026-11-16", "to": "2026-11-23"])
        #expect(body["timezone"] as? String == "Europe/Berlin")
        let days = try #require(body["days"] as? [[String: Any]])
        #expect(days.count == 7)
        let day = try #require(days.first { $0["date"] as? String == "2026-11-18" })
        // 10 pupils × 50 min less 5 one-minute gaps, plus 15 + 50 min in art: 9.33 h; 6 drops.
        #expect(day["drops"] as? Int == 6)
        #expect(day["meetings"] as? Int == 2)
        #expect(abs((day["participant_hours"] as? Double ?? 0) - 9.3) < 0.01)
        #expect(abs((day["rate"] as? Double ?? 0) - 64.29) < 0.01)
        #expect(day["meeting_incidents"] as? Int == 1)
        let quiet = try #require(days.first { $0["date"] as? String == "2026-11-17" })
        #expect(quiet["rate"] == nil)
        let weeks = try #require(body["weeks"] as? [[String: Any]])
        #expect(weeks.first?["week"] as? String == "2026-11-16")
        let hours = try #require(body["hours"] as? [[String: Any]])
        #expect(hours.count == 24)
        // 08:00 UTC is 09:00 in Berlin.
        #expect(hours[9]["drops"] as? Int == 6)
        #expect(hours[8]["drops"] as? Int == 0)
    }

    @Test func daysFollowAReanalysisAndAreTheSameAsTheMigrationFill() async throws {
        let fixture = try await DashboardFixture.make()
        func day(_ fixture: DashboardFixture) async throws -> [String: Any]? {
            (try await fixture.json("days", ["from": "2026-11-18", "to": "2026-11-19"])["days"] as? [[String: Any]])?.first
        }
        let before = try await day(fixture)
        _ = try await fixture.store.reanalyseAll(thresholds: AnalysisThresholds(), now: DashboardFixture.day + 2 * 86_400)
        let after = try await day(fixture)
        #expect(before?["drops"] as? Int == 6)
        #expect(after?["drops"] as? Int == 6)
        #expect(after?["participant_hours"] as? Double == before?["participant_hours"] as? Double)

        // A store of schema 7 gets the same figures from its stored sessions when it opens.
        let path = await fixture.store.path
        try SQLiteConnection(path: path).execute(
            "DROP TABLE usage_buckets; DROP TABLE usage_totals; DROP INDEX sessions_open; DROP INDEX disconnections_by_participant; PRAGMA user_version = 7;")
        _ = try ZoomDashStore(path: path)
        let migrated = try await DashboardFixture.reopen(fixture)
        let filled = try await day(migrated)
        #expect(filled?["drops"] as? Int == 6)
        #expect(filled?["meetings"] as? Int == 2)
        #expect(filled?["participant_hours"] as? Double == before?["participant_hours"] as? Double)
    }

    @Test func incidentsFilterAndTheirPageHasTheDrops() async throws {
        let fixture = try await DashboardFixture.make()
        let all = try await fixture.json("incidents", ["from": "2026-11-01"])
        let incidents = try #require(all["incidents"] as? [[String: Any]])
        #expect(incidents.count == 1)
        let incident = try #require(incidents.first)
        #expect(incident["topic"] as? String == "7B Math")
        #expect(incident["host"] as? String == "teacher@school.example")
        #expect(incident["dropped"] as? Int == 5)
        #expect(incident["start"] as? String == "2026-11-18T08:10:00Z")
        #expect(try await fixture.json("incidents", ["from": "2026-11-01", "topic": "math"])["incidents"].map { ($0 as? [Any])?.count } == 1)
        #expect(try await fixture.json("incidents", ["from": "2026-11-01", "topic": "art"])["incidents"].map { ($0 as? [Any])?.count } == 0)
        #expect(try await fixture.json("incidents", ["from": "2026-11-01", "scope": "account"])["incidents"].map { ($0 as? [Any])?.count } == 0)
        #expect(try await fixture.json("incidents", ["from": "2026-11-01", "host": "TEACHER@"])["incidents"].map { ($0 as? [Any])?.count } == 1)

        let id = try #require(incident["id"] as? Int)
        let detail = try await fixture.json("incidents/\(id)")
        #expect((detail["drops"] as? [[String: Any]])?.count == 5)
        #expect((detail["drops"] as? [[String: Any]])?.first?["rejoined_after_s"] as? Int == 60)
        #expect((detail["meetings"] as? [[String: Any]])?.first?["uuid"] as? String == "M1==")
        let missing = await fixture.api.answer(path: "incidents/999999", query: QueryParameters([:]))
        #expect(missing.status == 404)
        #expect(missing.text.contains("no incident 999999"))
    }

    @Test func disconnectionsPeopleAndCSVUseTheExportsColumns() async throws {
        let fixture = try await DashboardFixture.make()
        let drops = try await fixture.json("disconnections", ["from": "2026-11-18", "to": "2026-11-19"])
        #expect((drops["disconnections"] as? [[String: Any]])?.count == 6)
        let one = try await fixture.json("disconnections", ["from": "2026-11-18", "to": "2026-11-19", "participant": "uuid:X"])
        #expect((one["disconnections"] as? [[String: Any]])?.first?["name"] as? String == DashboardFixture.hostile)
        let limited = try await fixture.json("disconnections", ["from": "2026-11-18", "to": "2026-11-19", "limit": "2"])
        #expect((limited["disconnections"] as? [Any])?.count == 2)
        #expect(limited["truncated"] as? Bool == true)

        let csv = await fixture.api.answer(path: "disconnections", query: QueryParameters(["from": "2026-11-18", "to": "2026-11-19", "format": "csv"]))
        #expect(csv.status == 200)
        #expect(csv.contentType.hasPrefix("text/csv"))
        #expect(csv.filename == "disconnections.csv")
        #expect(csv.text.hasPrefix("meeting_uuid,meeting_id,topic,participant_key,participant_name,time,"))
        #expect(csv.text.split(whereSeparator: \.isNewline).count == 7)

        let people = try await fixture.json("people", ["from": "2026-11-18", "to": "2026-11-19"])
        let rows = try #require(people["people"] as? [[String: Any]])
        #expect(rows.count == 6)
        #expect(rows.allSatisfy { $0["drops"] as? Int == 1 })
        let incidentsCSV = await fixture.api.answer(path: "incidents", query: QueryParameters(["from": "2026-11-01", "format": "csv"]))
        #expect(incidentsCSV.text.hasPrefix("incident_id,scope,meeting_uuid"))
    }

    @Test func aMeetingHasLanesConnectionsAndDrops() async throws {
        let fixture = try await DashboardFixture.make()
        let body = try await fixture.json("meetings/M1%3D%3D")
        #expect((body["meeting"] as? [String: Any])?["topic"] as? String == "7B Math")
        let lanes = try #require(body["participants"] as? [[String: Any]])
        #expect(lanes.count == 10)
        let first = try #require(lanes.first { $0["participant_key"] as? String == "uuid:P0" })
        let connections = try #require(first["connections"] as? [[String: Any]])
        #expect(connections.count == 2)
        #expect(connections.first?["reason_class"] as? String == "network")
        #expect((body["drops"] as? [Any])?.count == 5)
        #expect((body["incidents"] as? [Any])?.count == 1)
        #expect(body["quality"] == nil)
        #expect(await fixture.api.answer(path: "meetings/nope", query: QueryParameters([:])).status == 404)
    }

    /// A WebSocket gap: the meetings it caught say so, with the gap's minutes, and whether Zoom's REST
    /// record has since replaced what the socket delivered (the incident page's meetings too).
    @Test func aMeetingCaughtInALiveSourceGapSaysWhichMinutesCameFromREST() async throws {
        let fixture = try await DashboardFixture.make()
        let before = try await fixture.json("meetings/M1%3D%3D")
        #expect((before["meeting"] as? [String: Any])?["gaps"] == nil, "no gap, no key")
        let day = DashboardFixture.day
        try await fixture.store.recordLiveSourceGap(source: "ws", from: day + 500, to: day + 700)
        let body = try await fixture.json("meetings/M1%3D%3D")
        let gaps = try #require((body["meeting"] as? [String: Any])?["gaps"] as? [[String: Any]])
        #expect(gaps.count == 1)
        #expect(gaps.first?["source"] as? String == "ws")
        #expect(gaps.first?["from"] as? String == ZoomTime.iso8601(day + 500))
        #expect(gaps.first?["to"] as? String == ZoomTime.iso8601(day + 700))
        #expect(gaps.first?["filled_from_rest"] as? Bool == true, "its participants were fetched after the gap")
        // A live meeting caught in a gap is waiting for Zoom's record.
        let now = day + 2 * 86_400
        try await fixture.store.recordLiveSourceGap(source: "ws", from: now - 300, to: now - 100)
        let live = try await fixture.json("meetings/R3")
        let liveGaps = try #require((live["meeting"] as? [String: Any])?["gaps"] as? [[String: Any]])
        #expect(liveGaps.map { $0["filled_from_rest"] as? Bool } == [false])
        let incident = try await fixture.json("incidents/1")
        let meetings = try #require(incident["meetings"] as? [[String: Any]])
        #expect(meetings.contains { ($0["gaps"] as? [Any])?.count == 1 })
    }

    @Test func theRoomTableNamesOnlyTheAllowlist() async throws {
        let fixture = try await DashboardFixture.make()
        let body = try await fixture.json("presence")
        let room = try #require((body["rooms"] as? [[String: Any]])?.first)
        #expect(room["topic"] as? String == "Lookout Room")
        #expect(room["in_room"] as? Int == 2)
        #expect(room["others_in_room"] as? Int == 1)
        let entries = try #require(room["entries"] as? [[String: Any]])
        #expect(entries.map { $0["user"] as? String } == ["Alice"])
        #expect(entries.first?["status"] as? String == "in")
        let text = await fixture.api.answer(path: "presence", query: QueryParameters([:])).text
        #expect(!text.contains("Carl"))
    }

    @Test func todayAndHealthSayWhatIsLiveAndHowTheDaemonIs() async throws {
        let fixture = try await DashboardFixture.make()
        let today = try await fixture.json("today")
        let live = try #require(today["live"] as? [String: Any])
        #expect(live["participants"] as? Int == 2)
        #expect((live["meetings"] as? [[String: Any]])?.first?["uuid"] as? String == "R3")
        #expect((today["budget"] as? [String: Any])?["light_remaining"] as? Int == 80)
        let health = try await fixture.json("health")
        #expect(health["version"] as? String == "test")
        #expect((health["store"] as? [String: Any])?["meetings"] as? Int == 3)
    }

    @Test func badParametersAreRefusedByName() async throws {
        let fixture = try await DashboardFixture.make()
        let cases: [(String, [String: String], String)] = [
            ("days", ["from": "yesterday"], "from: \"yesterday\" is not a date"),
            ("incidents", ["scope": "class"], "scope: must be one of \"meeting\", \"account\""),
            ("incidents", ["cause": "gremlins"], "cause: must be one of"),
            ("disconnections", ["limit": "-3"], "limit: must be a whole number"),
            ("days", ["from": "2026-11-20", "to": "2026-11-10"], "from: must be before to"),
            ("days", ["format": "xml"], "format: must be \"csv\" or \"json\""),
            ("incidents/abc", [:], "id: \"abc\" is not an incident id"),
        ]
        for (path, query, message) in cases {
            let answer = await fixture.api.answer(path: path, query: QueryParameters(query))
            #expect(answer.status == 400, "\(path) \(query)")
            #expect(answer.text.contains(message.replacingOccurrences(of: "\"", with: "\\\"")), "\(answer.text)")
        }
        #expect(await fixture.api.answer(path: "nothing", query: QueryParameters([:])).status == 404)
    }

    @Test func theOverviewNamesNobody() async throws {
        let fixture = try await DashboardFixture.make(anonymousOverview: true)
        let answer = await fixture.api.answer(path: "overview", query: QueryParameters(["from": "2026-11-01"]), anonymous: true)
        #expect(answer.status == 200)
        for secret in ["Pupil", "7B Math", "teacher@", "Alice", "img src"] { #expect(!answer.text.contains(secret)) }
        #expect(answer.text.contains("\"drops\":6"))
        let refused = await fixture.api.answer(path: "incidents", query: QueryParameters([:]), anonymous: true)
        #expect(refused.status == 401)
    }
}
