import CZDSQLite
import Foundation
import ZoomDashCore

extension ZoomDashStore {
    /// Recomputes every derived row in one transaction: the webhook-derived sessions from the raw
    /// events (as the live analysis builds them, `presenceMeetingIDs` being its watched rooms), then
    /// disconnections and incidents from all sessions, streaming one meeting at a time. Readers see
    /// the old results until it commits, and a failure leaves them untouched. Everything the live
    /// analysis still had due stays due (a pass redoes it; the result is the same).
    /// - Parameter measuringPhases: whether the summary tells where the CPU time went (``ReanalysisPhases``).
    public func reanalyseAll(thresholds: AnalysisThresholds, presenceMeetingIDs: [Int64] = [], now: UnixSeconds, measuringPhases: Bool = false)
        throws -> AnalysisRunner.Summary
    {
        let began = ContinuousClock.now
        let watch = PhaseStopwatch(enabled: measuringPhases)
        var summary = try transaction {
            var summary = AnalysisRunner.Summary()
            // Started within the transaction, so it reads what the transaction starts from.
            let fingerprints = StoredFingerprintsReader(path: path, connection: connection, measuring: measuringPhases)
            defer { _ = try? fingerprints.wait() }  // never read on after the commit or rollback
            let changesBefore = sqlite3_total_changes64(connection.handle)
            try rebuildAllWebhookSessionsWithoutTransaction(presenceMeetingIDs: presenceMeetingIDs)
            // Readers of their own see the sessions as the transaction found them: right unless it rewrote some.
            let sessionsAsFound = sqlite3_total_changes64(connection.handle) == changesBefore
            let resummarised = try resummariseAllQualityWithoutTransaction(settings: thresholds.quality)
            summary.qualityMeetings = resummarised.count
            // The live analysis's marks stay: a pass of the daemon under way when this commits redoes its
            // meetings from the new state (idempotent), instead of leaving what it read before.
            let meetingIncidents = try withDerivedCountTriggersSuspended { tally in
                try rederiveEveryMeetingWithoutTransaction(
                    thresholds: thresholds, now: now, storedFingerprints: fingerprints,
                    parallelReaders: sessionsAsFound && !path.isEmpty && path != ":memory:", resummarised: Set(resummarised),
                    summary: &summary, tally: &tally, watch: watch)
            }
            watch.lap(\.write)  // the count triggers' totals written back
            let analyzer = Analyzer(thresholds: thresholds)
            let account = analyzer.accountIncidents(from: meetingIncidents)
            _ = try applyIncidentChanges(stored: try storedIncidents(scope: .account)[""] ?? [], derived: account, now: now)
            try applyFinalCauses(try meetingIncidentsForClustering(), account: account, analyzer: analyzer, now: now)
            summary.meetingIncidents = meetingIncidents.count
            summary.accountIncidents = account.count
            watch.lap(\.accountIncidents)
            watch.add(fingerprints.phases)
            return summary
        }
        if watch.isEnabled {
            watch.lap(\.commit)
            var phases = watch.phases
            phases.wall = began.duration(to: .now)
            summary.phases = phases
        }
        return summary
    }

    /// Every meeting's disconnections, quarter hours and meeting-level incidents from its sessions, in
    /// key order: read and analysed by ``ParallelMeetingReaders`` when `parallelReaders`, else streamed
    /// in batches that ``AnalysisWorker`` analyses on the other core while this thread reads the next;
    /// rows are written only where they changed, and meetings that no longer have sessions lose theirs.
    /// Inside a transaction.
    /// - Parameter resummarised: meetings whose call quality this transaction wrote (only this
    ///   thread's connection sees it).
    /// - Returns: the meeting-level incidents derived, for the account-level clustering.
    private func rederiveEveryMeetingWithoutTransaction(
        thresholds: AnalysisThresholds, now: UnixSeconds, storedFingerprints: StoredFingerprintsReader, parallelReaders: Bool,
        resummarised: Set<String>, summary: inout AnalysisRunner.Summary, tally: inout DerivedCountChanges?, watch: PhaseStopwatch
    ) throws -> [Incident] {
        let withQuality = try meetingsWithQualityOrAlerts()
        let context = AnalysisWorker.Context(
            thresholds: thresholds, meetingEnds: try meetingEndTimes(),
            accountIncidents: (try self.storedIncidents(scope: .account)[""] ?? []).map(\.incident), now: now)
        let readers =
            parallelReaders
            ? ParallelMeetingReaders(
                path: path, bounds: try reanalysisChunkBounds(), skipping: withQuality.union(resummarised), context: context,
                measuring: watch.isEnabled)
            : nil
        defer { readers?.finish() }  // never read on after the commit or rollback
        var storedIncidents = try self.storedIncidents(scope: .meeting)
        watch.lap(\.prepare)
        // Waited for at the first results: until then the other thread reads them while this one reads sessions.
        var stored: StoredFingerprintsReader.Fingerprints?
        var meetingIncidents: [Incident] = []
        func store(_ results: [AnalysisWorker.MeetingResult]) throws {
            guard !results.isEmpty else { return }
            if stored == nil { stored = try storedFingerprints.wait() }
            defer { watch.lap(\.write) }
            for result in results {
                let storedDisconnections = try stored!.disconnections.take(result.uuid) {
                    try deleteDerivedRows(.disconnections, meetingUUID: $0, tally: &tally)
                }
                let storedUsage = try stored!.usage.take(result.uuid) { try deleteDerivedRows(.usage, meetingUUID: $0, tally: &tally) }
                try storeDerivedRowsWithoutTransaction(
                    meetingUUID: result.uuid, result.rows, storedDisconnections: storedDisconnections, storedUsage: storedUsage,
                    tally: &tally)
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
        if let readers {
            try takeInKeyOrder(readers, ownMeetings: withQuality.union(resummarised), context: context, watch: watch, store: store)
            readers.finish()
            watch.add(readers.phases)
        } else {
            try readAndAnalyseInBatches(withQuality: withQuality, context: context, watch: watch, store: store)
        }
        let left = try stored ?? storedFingerprints.wait()
        for uuid in left.disconnections.untakenRest { try deleteDerivedRows(.disconnections, meetingUUID: uuid, tally: &tally) }
        for uuid in left.usage.untakenRest { try deleteDerivedRows(.usage, meetingUUID: uuid, tally: &tally) }
        for (_, incidents) in storedIncidents { _ = try applyIncidentChanges(stored: incidents, derived: [], now: now) }
        return meetingIncidents
    }

    /// The readers' results chunk by chunk, with the meetings left to this thread (`ownMeetings`,
    /// read and analysed here, call quality and alerts too) put in their places in key order.
    private func takeInKeyOrder(
        _ readers: ParallelMeetingReaders, ownMeetings: Set<String>, context: AnalysisWorker.Context, watch: PhaseStopwatch,
        store: ([AnalysisWorker.MeetingResult]) throws -> Void
    ) throws {
        // SQLite's order of text (BINARY): by bytes.
        let own = ownMeetings.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var next = 0
        var reanalyser = MeetingReanalyser(context: context)
        var reader = SessionRowReader()
        let query = try statement(
            "SELECT \(RawSessionBatch.columns) FROM participant_sessions WHERE meeting_uuid = ? ORDER BY participant_key, join_time")
        func ownResults(before bound: String?) throws -> [AnalysisWorker.MeetingResult] {
            var results: [AnalysisWorker.MeetingResult] = []
            while next < own.count, bound.map({ own[next].utf8.lexicographicallyPrecedes($0.utf8) }) ?? true {
                let uuid = own[next]
                next += 1
                query.bind(1, uuid)
                defer { query.reset() }
                watch.lap(\.write)
                try reader.forEachMeeting(query) { _, sessions in
                    let explanation = AnalysisWorker.Explanation(
                        quality: try qualityTimelines(meetingUUID: uuid), alerts: try meetingAlerts(meetingUUID: uuid))
                    watch.lap(\.read)
                    results.append(reanalyser.result(uuid: uuid, sessions: sessions, explanation: explanation))
                    watch.lap(\.analyse)
                }
                watch.lap(\.read)
            }
            return results
        }
        if !own.isEmpty { watch.countReadingThread() }
        for chunk in 0..<readers.chunkCount {
            var merged: [AnalysisWorker.MeetingResult] = []
            for result in try readers.results(ofChunk: chunk) {
                merged += try ownResults(before: result.uuid)
                merged.append(result)
            }
            merged += try ownResults(before: chunk < readers.bounds.count ? readers.bounds[chunk] : nil)
            try store(merged)
        }
    }

    /// Every session read on this thread, copied into batches that ``AnalysisWorker`` decodes and
    /// analyses on the other core while this thread reads the next.
    private func readAndAnalyseInBatches(
        withQuality: Set<String>, context: AnalysisWorker.Context, watch: PhaseStopwatch,
        store: ([AnalysisWorker.MeetingResult]) throws -> Void
    ) throws {
        let worker = AnalysisWorker(context: context, measuring: watch.isEnabled)
        watch.countReadingThread()
        do {
            let query = try connection.prepare(
                "SELECT \(RawSessionBatch.columns) FROM participant_sessions ORDER BY meeting_uuid, participant_key, join_time")
            var job = AnalysisWorker.Job(batch: RawSessionBatch(reservingBytes: Self.reanalysisBatchBytes))
            while try query.step() {
                if job.batch.rowCount >= Self.reanalysisBatchRows, job.batch.startsNewMeeting(query) {
                    worker.submit(job)
                    job = AnalysisWorker.Job(batch: RawSessionBatch(reservingBytes: Self.reanalysisBatchBytes))
                    watch.lap(\.read)
                    try store(worker.takeResults())
                }
                if job.batch.append(query), let uuid = job.batch.meetings.last?.uuid, withQuality.contains(uuid) {
                    job.explanations[uuid] = .init(quality: try qualityTimelines(meetingUUID: uuid), alerts: try meetingAlerts(meetingUUID: uuid))
                }
            }
            worker.submit(job)
            watch.lap(\.read)
        } catch {
            _ = worker.finish()
            throw error
        }
        let rest = worker.finish()
        watch.add(worker.phases)
        try store(rest)
    }

    /// Meetings where the parallel readers' chunks meet: every `reanalysisChunkMeetings`-th of the
    /// meetings table (sessions of a meeting not in it still fall in some chunk's range).
    private func reanalysisChunkBounds() throws -> [String] {
        let query = try connection.prepare("SELECT uuid FROM meetings ORDER BY uuid")
        var bounds: [String] = []
        var index = 0
        while try query.step() {
            if index > 0, index % Self.reanalysisChunkMeetings == 0 { bounds.append(query.text(0)) }
            index += 1
        }
        return bounds
    }

    /// Meetings per chunk of the parallel readers: a few thousand sessions, so the two threads end
    /// close together and the chunks waiting stay small.
    static let reanalysisChunkMeetings = 256

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
    /// - Returns: the meetings re-summarised.
    func resummariseAllQualityWithoutTransaction(settings: QualitySettings) throws -> [String] {
        let query = try connection.prepare("SELECT DISTINCT meeting_uuid FROM qos_series")
        var uuids: [String] = []
        while try query.step() { uuids.append(query.text(0)) }
        for uuid in uuids { try summariseQualityWithoutTransaction(meetingUUID: uuid, settings: settings) }
        return uuids
    }
}
