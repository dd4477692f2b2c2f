import Foundation
import Testing
import ZoomSimKit

/// Shared small scenarios (generation takes a fraction of a second; reuse them).
enum ZoomSimFixtures {
    static let options = ScenarioOptions(seed: 42, endDay: "2025-03-14", days: 30, hosts: 12)
    static let scenario = Scenario.generate(options)
}

@Suite struct ZoomSimScenarioTests {
    @Test func sameSeedGivesTheSameScenario() {
        let options = ScenarioOptions(seed: 7, endDay: "2025-03-14", days: 10, hosts: 5)
        let first = Scenario.generate(options)
        let second = Scenario.generate(options)
        #expect(first.users == second.users)
        #expect(first.meetings == second.meetings)
        #expect(first.truthDisconnections(source: .dashboard) == second.truthDisconnections(source: .dashboard))
        #expect(first.truthIncidents(source: .report) == second.truthIncidents(source: .report))
        #expect(first.webhookEvents() == second.webhookEvents())
    }

    @Test func differentSeedGivesADifferentScenario() {
        let first = Scenario.generate(ScenarioOptions(seed: 1, endDay: "2025-03-14", days: 5, hosts: 3))
        let second = Scenario.generate(ScenarioOptions(seed: 2, endDay: "2025-03-14", days: 5, hosts: 3))
        #expect(first.meetings.map(\.uuid) != second.meetings.map(\.uuid))
    }

    @Test func meetingsLookLikeZoomMeetings() {
        let scenario = ZoomSimFixtures.scenario
        let uuids = scenario.meetings.map(\.uuid)
        #expect(Set(uuids).count == uuids.count)
        for uuid in uuids {
            #expect(uuid.count == 24 && uuid.hasSuffix("=="))
            #expect(uuid.contains("/") || uuid.contains("+"))
        }
        let needDoubleEncoding = uuids.filter { $0.hasPrefix("/") || $0.contains("//") }
        #expect(needDoubleEncoding.count >= uuids.count / 5)
        for meeting in scenario.meetings {
            #expect((10_000_000_000...99_999_999_999).contains(meeting.id))
            #expect(meeting.start < meeting.end)
            let weekday = UTCTime.isoWeekday(epochSeconds: Int(meeting.start.timeIntervalSince1970))
            #expect(weekday <= 5)
        }
        // Recurring classes keep their meeting number across instances.
        let byID = Dictionary(grouping: scenario.meetings.filter(\.isClass), by: \.id)
        #expect(byID.values.contains { $0.count > 10 })
        #expect(scenario.users.filter { !$0.isHost }.count >= 1)
        #expect(scenario.users.allSatisfy { $0.id.count == 22 && $0.email.hasSuffix("@school.example") })
    }

    @Test func topicsSeparateClassesFromOtherMeetings() throws {
        let filter = try Regex("(?i)class|lesson")
        let scenario = ZoomSimFixtures.scenario
        for meeting in scenario.meetings {
            #expect(meeting.topic.contains(filter) == meeting.isClass, "\(meeting.topic)")
        }
        #expect(scenario.meetings.contains { !$0.isClass && $0.topic == "Staff meeting" })
        #expect(scenario.meetings.contains { $0.participantCount == 1 })
        // Non-class meetings never contribute to the truth, so a topic filter cannot change it.
        let nonClass = Set(scenario.meetings.filter { !$0.isClass }.map(\.uuid))
        #expect(scenario.truthDisconnections(source: .dashboard).allSatisfy { !nonClass.contains($0.meetingUUID) })
    }

    @Test func participantsBehaveLikeZoomParticipants() {
        let scenario = ZoomSimFixtures.scenario
        var sawBreakoutMove = false
        var sawRejoin = false
        for meeting in scenario.meetings {
            let people = Dictionary(grouping: meeting.records, by: \.participantUUID)
            // Names are distinct within a meeting: one name ↔ one participant UUID.
            #expect(Set(meeting.records.map(\.name)).count == people.count)
            // user_id is new on every join.
            #expect(Set(meeting.records.map(\.userID)).count == meeting.records.count)
            for records in people.values {
                let sorted = records.sorted { $0.joinTime < $1.joinTime }
                for (earlier, later) in zip(sorted, sorted.dropFirst()) {
                    #expect(earlier.leaveTime <= later.joinTime)
                    if earlier.leaveReason == .joinBreakoutRoom { sawBreakoutMove = true; #expect(earlier.leaveTime == later.joinTime) }
                    if earlier.leaveReason.disconnectClass != nil { sawRejoin = true }
                }
                #expect(sorted.last?.leaveReason != .joinBreakoutRoom)
            }
            for record in meeting.records where record.leaveReason == .hostEnded {
                #expect(record.leaveTime == meeting.end)
            }
            #expect(meeting.records.allSatisfy { $0.participantUUID.count == 36 && $0.participantUUID == $0.participantUUID.uppercased() })
        }
        #expect(sawBreakoutMove)
        #expect(sawRejoin)
    }

    @Test func truthHasMeetingAndAccountIncidentsForBothSources() {
        let scenario = ZoomSimFixtures.scenario
        for source in TruthSource.allCases {
            let incidents = scenario.truthIncidents(source: source)
            #expect(incidents.contains { $0.scope == "meeting" })
            let account = incidents.filter { $0.scope == "account" }
            #expect(!account.isEmpty)
            for incident in account {
                #expect(incident.meetingUUID == nil)
                #expect((3...5).contains(incident.meetings ?? 0))
                #expect(incident.end.timeIntervalSince(incident.start) <= 30)
            }
        }
        let dashboard = scenario.truthDisconnections(source: .dashboard)
        let report = scenario.truthDisconnections(source: .report)
        #expect(report.count < dashboard.count)
        #expect(dashboard.contains { $0.rejoinedAfterSeconds == nil })
        #expect(dashboard.contains { ($0.rejoinedAfterSeconds ?? 0) > 120 })
        #expect(Set(dashboard.map(\.reasonClass)) == ["network", "client"])
        #expect(report.allSatisfy { $0.reasonClass == "inferred" && (1...120).contains($0.rejoinedAfterSeconds ?? -1) })
    }

    @Test func smallAccountsStillWork() {
        let scenario = Scenario.generate(ScenarioOptions(seed: 3, endDay: "2025-03-14", days: 2, hosts: 1, classesPerHostPerDay: 1, participantsPerClass: 2...3))
        #expect(!scenario.meetings.isEmpty)
        #expect(scenario.truthIncidents(source: .dashboard).allSatisfy { $0.scope == "meeting" })
    }
}
