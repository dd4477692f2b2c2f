/// Finds individual disconnections in the sessions of one meeting instance.
///
/// A session end is a disconnection when Zoom classed it `network` or `client`. Without a
/// `leave_reason` (Report API), or with an unknown one, a session end followed by a rejoin of the same
/// identity within `reconnectGraceSeconds` is an `inferred` disconnection. A rejoin at the very second of
/// the leave is a breakout-room move, and an overlapping session (phone plus laptop) is no drop either.
public struct DisconnectionDetector {
    public var thresholds: AnalysisThresholds
    private var classifier = CachingLeaveReasonClassifier()

    public init(thresholds: AnalysisThresholds) {
        self.thresholds = thresholds
    }

    /// - Parameters:
    ///   - sessions: every session of one meeting instance, in any order.
    ///   - meetingEnd: when the meeting ended, to count the time lost by people who never came back.
    /// - Returns: disconnections ordered by time.
    public mutating func detect(sessions: [ParticipantSession], meetingEnd: UnixSeconds?) -> [Disconnection] {
        // The store reads them in this order already: checking costs a pass, sorting a copy of every session.
        let ordered = Self.isOrdered(sessions) ? sessions : sessions.sorted { ($0.participantKey, $0.joinTime) < ($1.participantKey, $1.joinTime) }
        var result: [Disconnection] = []
        var index = 0
        while index < ordered.count {
            var end = index + 1
            while end < ordered.count, ordered[end].participantKey == ordered[index].participantKey { end += 1 }
            detect(person: ordered[index..<end], meetingEnd: meetingEnd, into: &result)
            index = end
        }
        result.sort { ($0.time, $0.participantKey) < ($1.time, $1.participantKey) }
        return result
    }

    /// By identity, then join time. Fields are compared in place: a copy of a session is a dozen retains.
    static func isOrdered(_ sessions: [ParticipantSession]) -> Bool {
        for index in sessions.indices.dropFirst() {
            let (key, previousKey) = (sessions[index].participantKey, sessions[index - 1].participantKey)
            if key < previousKey || (key == previousKey && sessions[index].joinTime < sessions[index - 1].joinTime) { return false }
        }
        return true
    }

    /// `sessions` belong to one identity and are ordered by join time.
    private mutating func detect(
        person sessions: ArraySlice<ParticipantSession>, meetingEnd: UnixSeconds?, into result: inout [Disconnection]
    ) {
        var latestLeave: UnixSeconds = .min
        for position in sessions.indices {
            guard let leave = sessions[position].leaveTime else { continue }
            let gap = position + 1 < sessions.endIndex ? sessions[position + 1].joinTime - leave : nil
            // A session that ends while another connection of the same person is open is not a drop.
            let coveredByOtherSession = latestLeave > leave || (gap ?? 0) < 0
            latestLeave = max(latestLeave, leave)
            if coveredByOtherSession { continue }

            let leaveReason = sessions[position].leaveReason
            let reason: DisconnectionReason
            switch classifier.classify(leaveReason, name: sessions[position].name) {
            case .network: reason = .network
            case .client: reason = .client
            case .unknown:
                guard let gap, gap > 0, gap <= thresholds.reconnectGraceSeconds else { continue }
                reason = .inferred
            default: continue
            }
            let lost = gap ?? max(0, (meetingEnd ?? leave) - leave)
            result.append(
                Disconnection(
                    meetingUUID: sessions[position].meetingUUID, participantKey: sessions[position].participantKey,
                    participantName: sessions[position].name, time: leave, reason: reason, leaveReason: leaveReason,
                    rejoinedAfterSeconds: gap, lostSeconds: lost, source: sessions[position].source
                )
            )
        }
    }
}
