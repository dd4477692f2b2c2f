import Foundation
import Testing
import ZoomSimKit

/// Re-derives disconnections and incidents from the raw records with a straightforward
/// analysis and checks that the plan-based ground truth agrees. Agreement is what the
/// generator's separation guarantees are for.
@Suite struct ZoomSimTruthTests {
    struct Drop: Hashable { let meeting: String; let name: String; let time: Int; let reason: String; let gap: Int? }
    struct Incident: Hashable { let scope: String; let meeting: String?; let start: Int; let end: Int; let dropped: Int; let present: Int; let meetings: Int? }

    static let thresholds = TruthThresholds()

    /// The default fixture plus a crowded account with small classes.
    static let scenarios = [
        ZoomSimFixtures.scenario,
        Scenario.generate(ScenarioOptions(seed: 9, endDay: "2024-11-29", days: 15, hosts: 20, classesPerHostPerDay: 5, participantsPerClass: 4...12)),
    ]

    @Test(arguments: TruthSource.allCases, [0, 1])
    func truthMatchesAnIndependentAnalysisOfTheRecords(source: TruthSource, scenarioIndex: Int) {
        let scenario = Self.scenarios[scenarioIndex]
        let analysed = scenario.meetings.flatMap { Self.drops(in: $0, source: source) }
        let truth = scenario.truthDisconnections(source: source).map {
            Drop(meeting: $0.meetingUUID, name: $0.participantName, time: Self.seconds($0.time), reason: $0.reasonClass, gap: $0.rejoinedAfterSeconds)
        }
        #expect(Set(analysed) == Set(truth))
        #expect(analysed.count == truth.count)

        let meetingIncidents = scenario.meetings.flatMap { meeting in
            Self.incidents(in: meeting, drops: analysed.filter { $0.meeting == meeting.uuid })
        }
        let analysedIncidents = meetingIncidents + Self.accountIncidents(meetingIncidents)
        let truthIncidents = scenario.truthIncidents(source: source).map {
            Incident(scope: $0.scope, meeting: $0.meetingUUID, start: Self.seconds($0.start), end: Self.seconds($0.end),
                     dropped: $0.dropped, present: $0.present, meetings: $0.meetings)
        }
        #expect(Set(analysedIncidents) == Set(truthIncidents))
    }

    @Test(arguments: [0, 1])
    func dropsAreSeparatedInsideMeetingsAndAcrossTheAccount(scenarioIndex: Int) {
        let scenario = Self.scenarios[scenarioIndex]
        let incidents = scenario.truthIncidents(source: .dashboard)
        let meetingIncidents = incidents.filter { $0.scope == "meeting" }
        for meeting in scenario.meetings {
            let spans = meetingIncidents.filter { $0.meetingUUID == meeting.uuid }.map { Self.seconds($0.start)...Self.seconds($0.end) }
            let single = Self.drops(in: meeting, source: .dashboard).map(\.time).filter { time in
                !spans.contains { $0.contains(time) }
            }.sorted()
            for (a, b) in zip(single, single.dropFirst()) { #expect(b - a > 150) }
            for time in single {
                for span in spans { #expect(time < span.lowerBound - 150 || time > span.upperBound + 150) }
            }
        }
        // Collective drops of different bad moments / isolated ones are > 150 s apart.
        let account = incidents.filter { $0.scope == "account" }.map { Self.seconds($0.start)...Self.seconds($0.end) }
        let isolated = meetingIncidents.map { Self.seconds($0.start)...Self.seconds($0.end) }.filter { span in
            !account.contains { $0.contains(span.lowerBound) }
        }.sorted { $0.lowerBound < $1.lowerBound }
        for (a, b) in zip(isolated, isolated.dropFirst()) { #expect(b.lowerBound - a.upperBound > 150) }
    }

    // MARK: - Reference analysis

    static func seconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970) }

    static func drops(in meeting: SimMeeting, source: TruthSource) -> [Drop] {
        var result: [Drop] = []
        switch source {
        case .dashboard:
            let byPerson = Dictionary(grouping: meeting.records, by: \.participantUUID)
            for record in meeting.records {
                guard let reason = record.leaveReason.disconnectClass else { continue }
                let next = byPerson[record.participantUUID]!.filter { $0.joinTime >= record.leaveTime }.map(\.joinTime).min()
                result.append(Drop(meeting: meeting.uuid, name: record.name, time: seconds(record.leaveTime), reason: reason,
                                   gap: next.map { seconds($0) - seconds(record.leaveTime) }))
            }
        case .report:
            // No leave_reason and no participant_uuid: a short gap between two records of a name.
            for records in Dictionary(grouping: meeting.records, by: \.name).values {
                let sorted = records.sorted { $0.joinTime < $1.joinTime }
                for (earlier, later) in zip(sorted, sorted.dropFirst()) {
                    let gap = seconds(later.joinTime) - seconds(earlier.leaveTime)
                    if gap > 0, gap <= thresholds.reconnectGraceSeconds {
                        result.append(Drop(meeting: meeting.uuid, name: earlier.name, time: seconds(earlier.leaveTime), reason: "inferred", gap: gap))
                    }
                }
            }
        }
        return result
    }

    static func incidents(in meeting: SimMeeting, drops: [Drop]) -> [Incident] {
        let sorted = drops.sorted { $0.time < $1.time }
        var result: [Incident] = []
        var index = 0
        while index < sorted.count {
            let start = sorted[index].time
            let window = sorted[index...].prefix { $0.time <= start + thresholds.collectiveWindowSeconds }
            let dropped = Set(window.map(\.name)).count
            let present = Set(meeting.records.filter { seconds($0.joinTime) <= start && start <= seconds($0.leaveTime) }.map(\.name)).count
            let needed = max(thresholds.collectiveMinParticipants, Int((thresholds.collectiveMinFraction * Double(present) - 1e-9).rounded(.up)))
            if dropped >= needed {
                result.append(Incident(scope: "meeting", meeting: meeting.uuid, start: start, end: window.map(\.time).max()!,
                                       dropped: dropped, present: present, meetings: nil))
                index += window.count
            } else {
                index += 1
            }
        }
        return result
    }

    static func accountIncidents(_ meetingIncidents: [Incident]) -> [Incident] {
        let sorted = meetingIncidents.sorted { $0.start < $1.start }
        var result: [Incident] = []
        var index = 0
        while index < sorted.count {
            let window = sorted[index...].prefix { $0.start <= sorted[index].start + thresholds.collectiveWindowSeconds }
            if Set(window.map(\.meeting)).count >= thresholds.accountMinMeetings {
                result.append(Incident(scope: "account", meeting: nil, start: sorted[index].start, end: window.map(\.end).max()!,
                                       dropped: window.reduce(0) { $0 + $1.dropped }, present: window.reduce(0) { $0 + $1.present },
                                       meetings: window.count))
                index += window.count
            } else {
                index += 1
            }
        }
        return result
    }
}
