/// Explains drops and incidents with call quality (docs/analysis.md, "Cause attribution"):
///
/// - a drop's `quality_before` is `poor` when the person had a poor minute among the minutes
///   overlapping the `before_drop_minutes` before it, `ok` with data and none poor, else `unknown`;
/// - a meeting incident is `local_network` when more than `local_min_dropped_share` of those who
///   dropped (with data) were poor before it while at most `local_max_others_share` of the others in
///   the room (with data, same minutes) were; `zoom_or_shared` when those who dropped had data and
///   that does not hold; `unknown` without data. A meeting incident that is part of an account-level
///   incident is `zoom_or_shared` whatever its own quality says: several meetings dropped at once;
/// - an account-level incident is `zoom_or_shared`, with its meetings, their data centres, network
///   types and `meeting.alert` issues as evidence.
public struct CauseAttribution: Sendable {
    public var settings: QualitySettings
    /// The account-level clustering window: a meeting incident starting within it of an account
    /// incident's start belongs to that incident (the clustering's own rule).
    public var collectiveWindowSeconds: Int64

    public init(settings: QualitySettings, collectiveWindowSeconds: Int64) {
        self.settings = settings
        self.collectiveWindowSeconds = collectiveWindowSeconds
    }

    public func qualityBefore(at time: UnixSeconds, timeline: QualityTimeline?) -> QualityBefore {
        guard let window = timeline?.window(endingAt: time, minutes: settings.beforeDropMinutes), !window.isEmpty else { return .unknown }
        return window.contains { $0.poor != nil } ? .poor : .ok
    }

    /// Sets each drop's `qualityBefore`.
    public func explain(_ disconnections: [Disconnection], timelines: [String: QualityTimeline]) -> [Disconnection] {
        // Most meetings have no call quality: each drop would be copied to be left `unknown`.
        if timelines.isEmpty, disconnections.allSatisfy({ $0.qualityBefore == .unknown }) { return disconnections }
        return disconnections.map { drop in
            var drop = drop
            drop.qualityBefore = qualityBefore(at: drop.time, timeline: timelines[drop.participantKey])
            return drop
        }
    }

    /// Sets a meeting incident's evidence and cause. `disconnections` are the meeting's, explained.
    public func explain(
        _ incident: Incident, disconnections: [Disconnection], sessions: [ParticipantSession], timelines: [String: QualityTimeline],
        alerts: [MeetingAlert], accountIncidents: [Incident]
    ) -> Incident {
        var incident = incident
        var evidence = IncidentEvidence()
        let drops = disconnections.filter { $0.time >= incident.start && $0.time <= incident.end }
        var dropped: [String: QualityBefore] = [:]
        for drop in drops where dropped[drop.participantKey] != .poor { dropped[drop.participantKey] = drop.qualityBefore }
        evidence.droppedWithData = dropped.values.filter { $0 != .unknown }.count
        evidence.droppedPoor = dropped.values.filter { $0 == .poor }.count
        // Sessions are looked at in place, never filtered into copies: a session is a dozen Strings,
        // and a big meeting's incidents each walk all of its sessions.
        var others = Set<String>()
        for index in sessions.indices where sessions[index].joinTime <= incident.start && (sessions[index].leaveTime ?? .max) >= incident.start {
            if dropped[sessions[index].participantKey] == nil { others.insert(sessions[index].participantKey) }
        }
        for key in others {
            switch qualityBefore(at: incident.start, timeline: timelines[key]) {
            case .poor: evidence.othersWithData += 1; evidence.othersPoor += 1
            case .ok: evidence.othersWithData += 1
            case .unknown: break
            }
        }
        let dropTimes = Set(drops.map { DropKey(participantKey: $0.participantKey, time: $0.time) })
        var dataCentres: [String] = []
        var networkTypes: [String] = []
        for index in sessions.indices {
            guard let leave = sessions[index].leaveTime, dropTimes.contains(DropKey(participantKey: sessions[index].participantKey, time: leave))
            else { continue }
            dataCentres.append(sessions[index].details.dataCenter)
            networkTypes.append(sessions[index].details.networkType)
        }
        evidence.dataCentres = Self.distinct(dataCentres)
        evidence.networkTypes = Self.distinct(networkTypes)
        evidence.alerts = Self.distinct(alerts.filter { inWindow($0.time, of: incident) }.map(\.text))
        evidence.qualityCause = qualityCause(evidence)
        incident.evidence = evidence
        incident.cause = finalCause(of: incident, accountIncidents: accountIncidents)
        return incident
    }

    func qualityCause(_ evidence: IncidentEvidence) -> IncidentCause {
        guard let droppedShare = evidence.droppedPoorShare else { return .unknown }
        let othersShare = evidence.othersPoorShare ?? 0
        return droppedShare > settings.localMinDroppedShare && othersShare <= settings.localMaxOthersShare ? .localNetwork : .zoomOrShared
    }

    /// A meeting incident's cause given the account-level incidents: several meetings at once wins.
    public func finalCause(of incident: Incident, accountIncidents: [Incident]) -> IncidentCause {
        guard incident.scope == .meeting else { return .zoomOrShared }
        return accountIncidents.contains { isMember(incident, of: $0) } ? .zoomOrShared : incident.evidence.qualityCause
    }

    public func isMember(_ meetingIncident: Incident, of account: Incident) -> Bool {
        account.scope == .account && meetingIncident.start >= account.start && meetingIncident.start <= account.start + collectiveWindowSeconds
    }

    /// An account-level incident's evidence, from its meeting incidents.
    public func explain(account: Incident, members: [Incident]) -> Incident {
        var account = account
        var evidence = IncidentEvidence()
        for member in members {
            evidence.droppedWithData += member.evidence.droppedWithData
            evidence.droppedPoor += member.evidence.droppedPoor
            evidence.othersWithData += member.evidence.othersWithData
            evidence.othersPoor += member.evidence.othersPoor
        }
        evidence.dataCentres = Self.distinct(members.flatMap(\.evidence.dataCentres))
        evidence.networkTypes = Self.distinct(members.flatMap(\.evidence.networkTypes))
        evidence.alerts = Self.distinct(members.flatMap(\.evidence.alerts))
        evidence.meetingUUIDs = Self.distinct(members.compactMap(\.meetingUUID))
        evidence.qualityCause = .zoomOrShared
        account.evidence = evidence
        account.cause = .zoomOrShared
        return account
    }

    /// Alerts count from `before_drop_minutes` before the first drop to a minute after the last.
    func inWindow(_ time: UnixSeconds, of incident: Incident) -> Bool {
        time >= incident.start - Int64(settings.beforeDropMinutes) * 60 && time <= incident.end + 60
    }

    static func distinct(_ values: [String]) -> [String] { Array(Set(values.filter { !$0.isEmpty })).sorted() }

    /// A drop's identity among the sessions: whose, and the second their session ended.
    private struct DropKey: Hashable {
        var participantKey: String
        var time: UnixSeconds
    }
}
