import Foundation
import ZoomDashCore

extension ZoomDashStore {
    /// Recomputes every derived row in one transaction: the webhook-derived sessions from the raw
    /// events (as the live analysis builds them, `presenceMeetingIDs` being its watched rooms), then
    /// disconnections and incidents from all sessions, streaming one meeting at a time. Readers see
    /// the old results until it commits, and a failure leaves them untouched. Everything the live
    /// analysis still had due stays due (a pass redoes it; the result is the same).
    public func reanalyseAll(thresholds: AnalysisThresholds, presenceMeetingIDs: [Int64] = [], now: UnixSeconds) throws
        -> AnalysisRunner.Summary
    {
        return try transaction {
            var summary = AnalysisRunner.Summary()
            // Started within the transaction, so it reads what the transaction starts from.
            let fingerprints = StoredFingerprintsReader(path: path, connection: connection)
            defer { _ = try? fingerprints.wait() }  // never read on after the commit or rollback
            try rebuildAllWebhookSessionsWithoutTransaction(presenceMeetingIDs: presenceMeetingIDs)
            summary.qualityMeetings = try resummariseAllQualityWithoutTransaction(settings: thresholds.quality)
            // The live analysis's marks stay: a pass of the daemon under way when this commits redoes its
            // meetings from the new state (idempotent), instead of leaving what it read before.
            let meetingIncidents = try withDerivedCountTriggersSuspended { tally in
                try rederiveEveryMeetingWithoutTransaction(
                    thresholds: thresholds, now: now, storedFingerprints: fingerprints, summary: &summary, tally: &tally)
            }
            let analyzer = Analyzer(thresholds: thresholds)
            let account = analyzer.accountIncidents(from: meetingIncidents)
            _ = try applyIncidentChanges(stored: try storedIncidents(scope: .account)[""] ?? [], derived: account, now: now)
            try applyFinalCauses(try meetingIncidentsForClustering(), account: account, analyzer: analyzer, now: now)
            summary.meetingIncidents = meetingIncidents.count
            summary.accountIncidents = account.count
            return summary
        }
    }

    /// Every meeting's disconnections, quarter hours and meeting-level incidents from its sessions,
    /// streamed in key order in batches that ``AnalysisWorker`` analyses on the other core while this
    /// thread reads the next; rows are written only where they changed, and meetings that no longer
    /// have sessions lose theirs. Inside a transaction.
    /// - Returns: the meeting-level incidents derived, for the account-level clustering.
    private func rederiveEveryMeetingWithoutTransaction(
        thresholds: AnalysisThresholds, now: UnixSeconds, storedFingerprints: StoredFingerprintsReader, summary: inout AnalysisRunner.Summary,
        tally: inout DerivedCountChanges?
    ) throws -> [Incident] {
        var storedIncidents = try self.storedIncidents(scope: .meeting)
        // Waited for at the first results: until then the other thread reads them while this one reads sessions.
        var stored: StoredFingerprintsReader.Fingerprints?
        let withQuality = try meetingsWithQualityOrAlerts()
        let worker = AnalysisWorker(
            context: .init(
                thresholds: thresholds, meetingEnds: try meetingEndTimes(),
                accountIncidents: (try self.storedIncidents(scope: .account)[""] ?? []).map(\.incident), now: now))
        var meetingIncidents: [Incident] = []
        func store(_ results: [AnalysisWorker.MeetingResult]) throws {
            guard !results.isEmpty else { return }
            if stored == nil { stored = try storedFingerprints.wait() }
            for result in results {
                try storeDerivedRowsWithoutTransaction(
                    meetingUUID: result.uuid, result.rows, storedDisconnections: stored!.disconnections.removeValue(forKey: result.uuid),
                    storedUsage: stored!.usage.removeValue(forKey: result.uuid), tally: &tally)
                let incidents = storedIncidents.removeValue(forKey: result.uuid) ?? []
                if !incidents.isEmpty || !result.incidents.isEmpty {
                    _ = try applyIncidentChanges(stored: incidents, derived: result.incidents, now: now)
                }
                summary.meetings += 1
                summary.sessions += result.sessions
                summary.disconnections += result.rows.disconnections.count
                meetingIncidents += result.incidents
            }
        }
        do {
            let query = try connection.prepare(
                "SELECT \(RawSessionBatch.columns) FROM participant_sessions ORDER BY meeting_uuid, participant_key, join_time")
            var job = AnalysisWorker.Job(batch: RawSessionBatch(reservingBytes: Self.reanalysisBatchBytes))
            while try query.step() {
                if job.batch.rowCount >= Self.reanalysisBatchRows, job.batch.startsNewMeeting(query) {
                    worker.submit(job)
                    job = AnalysisWorker.Job(batch: RawSessionBatch(reservingBytes: Self.reanalysisBatchBytes))
                    try store(worker.takeResults())
                }
                if job.batch.append(query), let uuid = job.batch.meetings.last?.uuid, withQuality.contains(uuid) {
                    job.explanations[uuid] = .init(quality: try qualityTimelines(meetingUUID: uuid), alerts: try meetingAlerts(meetingUUID: uuid))
                }
            }
            worker.submit(job)
        } catch {
            _ = worker.finish()
            throw error
        }
        try store(worker.finish())
        let left = try stored ?? storedFingerprints.wait()
        for uuid in left.disconnections.keys { try deleteDerivedRows(.disconnections, meetingUUID: uuid, tally: &tally) }
        for uuid in left.usage.keys { try deleteDerivedRows(.usage, meetingUUID: uuid, tally: &tally) }
        for (_, incidents) in storedIncidents { _ = try applyIncidentChanges(stored: incidents, derived: [], now: now) }
        return meetingIncidents
    }

    /// Sessions per batch handed to the analysis thread: big enough that handing over costs
    /// nothing, small enough that a few batches in flight stay a few megabytes.
    static let reanalysisBatchRows = 8_192
    static let reanalysisBatchBytes = 1 << 20
}

extension ZoomDashStore {
    /// Meetings with call-quality timelines or `meeting.alert` issues: the others need no query for them.
    func meetingsWithQualityOrAlerts() throws -> Set<String> {
        let query = try connection.prepare(
            "SELECT meeting_uuid FROM quality_participants UNION SELECT meeting_uuid FROM meeting_alerts")
        var result = Set<String>()
        while try query.step() { result.insert(query.text(0)) }
        return result
    }

    /// Re-derives every meeting's quality summary from its raw samples (thresholds may have changed).
    /// - Returns: meetings re-summarised.
    func resummariseAllQualityWithoutTransaction(settings: QualitySettings) throws -> Int {
        let query = try connection.prepare("SELECT DISTINCT meeting_uuid FROM qos_series")
        var uuids: [String] = []
        while try query.step() { uuids.append(query.text(0)) }
        for uuid in uuids { try summariseQualityWithoutTransaction(meetingUUID: uuid, settings: settings) }
        return uuids.count
    }
}
