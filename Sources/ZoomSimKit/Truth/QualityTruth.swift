import Foundation

/// The call-quality part of the ground truth (rules: `GroundTruth.swift`, "Call quality").
extension Scenario {
    public func truthQuality() -> [TruthMeetingQuality] {
        meetings.indices.compactMap { index in
            let quality = plan.quality.meetings[index]
            guard quality.hasData else { return nil }
            let meeting = meetings[index]
            var minutes: [String: Set<Int>] = [:]
            var poor: [String: Set<Int>] = [:]
            for (recordIndex, record) in meeting.records.enumerated() {
                minutes[record.participantUUID, default: []].formUnion(record.sampleMinutes)
                poor[record.participantUUID, default: []].formUnion(quality.poorMinutes[recordIndex])
            }
            return TruthMeetingQuality(
                meetingUUID: meeting.uuid, meetingID: meeting.id, topic: meeting.topic,
                participantMinutes: minutes.values.reduce(0) { $0 + $1.count },
                poorMinutes: poor.values.reduce(0) { $0 + $1.count })
        }
    }

    /// Joined to `truthIncidents(source: .dashboard, thresholds:)` one to one, in its order.
    public func truthCauses(thresholds: TruthThresholds = TruthThresholds()) -> [TruthIncidentCause] {
        var causeAt: [String: CollectiveCause] = [:]
        for (index, collective) in plan.collectives.enumerated() {
            guard let incident = meetingIncident(collective, source: .dashboard, thresholds: thresholds) else { continue }
            causeAt[Self.incidentKey(incident.meetingUUID, incident.start)] = plan.quality.collectiveCauses[index]
        }
        return truthIncidents(source: .dashboard, thresholds: thresholds).map { incident in
            let cause = incident.scope == "account" ? .zoomOrShared : causeAt[Self.incidentKey(incident.meetingUUID, incident.start)] ?? .unknown
            return TruthIncidentCause(scope: incident.scope, meetingUUID: incident.meetingUUID, start: incident.start, cause: cause.rawValue)
        }
    }

    /// What an analysis reading the served QoS finds for the minutes before `drop`.
    func qualityBefore(_ drop: PlannedDrop) -> String {
        let quality = plan.quality.meetings[drop.meetingIndex]
        guard quality.hasData else { return "unknown" }
        let records = meetings[drop.meetingIndex].records
        var sawSample = false
        for minute in stride(from: UTCTime.floorDiv(drop.time - 180, 60) * 60, through: drop.time, by: 60) {
            for (index, record) in records.enumerated() where record.participantUUID == drop.participantUUID && record.hasSample(at: minute) {
                if quality.poorMinutes[index].contains(minute) { return "poor" }
                sawSample = true
            }
        }
        return sawSample ? "ok" : "unknown"
    }

    private static func incidentKey(_ meetingUUID: String?, _ start: Date) -> String {
        "\(meetingUUID ?? "")|\(start.epochSeconds)"
    }
}
