import Foundation

/// The expected output of a correct disconnection analysis over this scenario.
///
/// Rules (computed from the generator's plan, not by re-analysing the records):
///
/// **Disconnections**
/// - `.dashboard`: every planned network/client drop (individual or part of a collective drop).
///   `reasonClass` is "network" or "client"; `rejoinedAfterSeconds` = the person's next join −
///   this leave, or nil if they never came back.
/// - `.report` (no `leave_reason`): only planned drops followed by a rejoin with
///   0 < gap ≤ `reconnectGraceSeconds`; `reasonClass` = "inferred". Breakout moves (gap 0),
///   voluntary leaves and late rejoins (> grace) are not disconnections.
///
/// **Meeting incidents** (one candidate per planned collective drop)
/// - Only the collective's drops detectable for the source count (dashboard: all; report:
///   those with 0 < gap ≤ grace).
/// - `start` = first detectable drop time, `end` = last detectable drop time (all within 8 s,
///   so within any window ≥ 8 s).
/// - `dropped` = distinct people among those drops.
/// - `present` = distinct people with a record where join ≤ start ≤ leave (the host included).
/// - An incident exists only if dropped ≥ max(`collectiveMinParticipants`,
///   ceil(`collectiveMinFraction` × present)).
///
/// **Account incidents** (one candidate per planned bad moment)
/// - Made of the qualifying meeting incidents of that bad moment; exists only if there are at
///   least `accountMinMeetings` of them. `start` = earliest meeting-incident start, `end` =
///   latest meeting-incident end, `dropped`/`present` = sums, `meetings` = count,
///   `meetingUUID` = nil.
///
/// **Call quality** (`/metrics/meetings/{id}/participants/qos`; one sample per connection and
/// whole minute M with join ≤ M < leave)
/// - An identity is a record's `participant_uuid`; a participant-minute is (identity, M) with a
///   sample of any of that person's connections at M (a person never has two connections at one
///   minute); it is poor when one of those samples is poor. Samples are poor only where planned:
///   1. individual network drops: the dropped connection's minute containing the leave and the
///      minute before (whichever have a sample; the one before always has);
///   2. collective drops get a cause: in a bad moment always "zoom_or_shared" (nobody is made
///      poor for it); standalone ones about half "local_network" (every dropped person poor as
///      in 1, nobody else), the rest "zoom_or_shared"; in a meeting without QoS "unknown" unless
///      in a bad moment. A standalone collective is only "local_network" when no poor minute of
///      anyone else (1 or an earlier local collective) lies in the 10 min before it and no bad
///      moment's drop follows within 10 min, so the others in the room are plainly healthy;
///   3. noise: about 1 per 200 participant-minutes of class meetings, isolated, never within
///      10 min of any drop of the meeting nor of the person's own joins and leaves.
///   Client-close drops, voluntary leaves and non-class meetings get no poor minutes.
///   Rule 1 wins over "everyone healthy before a zoom_or_shared collective": an individual network
///   drop in the 10 min before one (timelines keep drops only 150 s apart) keeps its two poor
///   minutes, as that drop's own truth says "poor"; nothing else is poor there.
/// - About 5 % of class meetings have no QoS at all (`user_qos: []`).
/// - `truthQuality()`: per meeting with data, participant-minutes and poor ones.
/// - `truthCauses()`: one per dashboard incident; account incidents are "zoom_or_shared", a
///   meeting incident has its collective's cause.
/// - `qualityBefore` of a disconnection, from the data as an analysis sees it: "unknown" without
///   QoS or without a sample of the person in minutes [floor((leave − 180) / 60) × 60, leave],
///   else "poor" when one of them is poor, else "ok". So kind 1 and "local_network" drops are
///   "poor"; others are "ok" unless the same person's earlier drop of kind 1 lies within those
///   minutes.
///
/// The generator guarantees that nothing else can look like a disconnection or an incident:
/// within a meeting, drops are more than 150 s apart and no join/leave happens within 150 s of
/// a collective drop; collective drops in different meetings are more than 150 s apart unless
/// they belong to the same bad moment (whose drops all fall within 30 s); nobody drops twice in
/// one collective drop; non-class meetings have no drops at all. The truth covers every meeting
/// of the scenario, including ones that have not ended yet when `endDay` is today.
extension Scenario {
    public func truthDisconnections(source: TruthSource, thresholds: TruthThresholds = TruthThresholds()) -> [TruthDisconnection] {
        plan.drops
            .filter { isDetectable($0, source: source, thresholds: thresholds) }
            .map { drop in
                let meeting = meetings[drop.meetingIndex]
                return TruthDisconnection(
                    meetingUUID: meeting.uuid, meetingID: meeting.id, topic: meeting.topic,
                    participantName: drop.name, time: Date(epochSeconds: drop.time),
                    reasonClass: source == .dashboard ? drop.reason.disconnectClass ?? "network" : "inferred",
                    rejoinedAfterSeconds: drop.rejoinGap, qualityBefore: qualityBefore(drop))
            }
            .sorted { ($0.time, $0.meetingUUID, $0.participantName) < ($1.time, $1.meetingUUID, $1.participantName) }
    }

    public func truthIncidents(source: TruthSource, thresholds: TruthThresholds = TruthThresholds()) -> [TruthIncident] {
        let meetingIncidents = plan.collectives.map { meetingIncident($0, source: source, thresholds: thresholds) }
        var incidents = meetingIncidents.compactMap { $0 }
        for moment in plan.badMoments {
            let parts = moment.collectiveIndices.compactMap { meetingIncidents[$0] }
            guard parts.count >= thresholds.accountMinMeetings, !parts.isEmpty else { continue }
            incidents.append(TruthIncident(
                scope: "account", meetingUUID: nil,
                start: parts.map(\.start).min()!, end: parts.map(\.end).max()!,
                dropped: parts.reduce(0) { $0 + $1.dropped }, present: parts.reduce(0) { $0 + $1.present },
                meetings: parts.count))
        }
        return incidents.sorted {
            ($0.start, $0.scope, $0.meetingUUID ?? "") < ($1.start, $1.scope, $1.meetingUUID ?? "")
        }
    }

    func meetingIncident(_ collective: PlannedCollective, source: TruthSource, thresholds: TruthThresholds) -> TruthIncident? {
        let drops = collective.dropIndices.map { plan.drops[$0] }.filter { isDetectable($0, source: source, thresholds: thresholds) }
        guard let start = drops.map(\.time).min(), let end = drops.map(\.time).max() else { return nil }
        let meeting = meetings[collective.meetingIndex]
        let dropped = Set(drops.map(\.participantUUID)).count
        let present = Set(meeting.records.filter {
            $0.joinTime.epochSeconds <= start && start <= $0.leaveTime.epochSeconds
        }.map(\.participantUUID)).count
        // The epsilon keeps 0.2 × 35 = 7.000000000000001 from rounding up to 8.
        let needed = max(thresholds.collectiveMinParticipants, Int((thresholds.collectiveMinFraction * Double(present) - 1e-9).rounded(.up)))
        guard dropped >= needed else { return nil }
        return TruthIncident(
            scope: "meeting", meetingUUID: meeting.uuid,
            start: Date(epochSeconds: start), end: Date(epochSeconds: end),
            dropped: dropped, present: present, meetings: nil)
    }

    private func isDetectable(_ drop: PlannedDrop, source: TruthSource, thresholds: TruthThresholds) -> Bool {
        switch source {
        case .dashboard: true
        case .report: drop.rejoinGap.map { $0 > 0 && $0 <= thresholds.reconnectGraceSeconds } ?? false
        }
    }
}
