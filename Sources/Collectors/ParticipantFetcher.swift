import Logging
import ZoomDashCore
import ZoomDashStorage
import ZoomDashZoomAPI

/// Fetches, stores and analyses the participants of one meeting instance.
struct ParticipantFetcher: Sendable {
    enum Outcome: Sendable {
        case stored(rows: Int)
        /// This meeting failed for good; the others go on and the next run retries it.
        case failed(String)
        /// Nothing more can succeed in this run (daily limit, credentials): stop everything.
        case stop(any Error)
    }

    let client: ZoomAPIClient
    let store: ZoomDashStore
    let thresholds: AnalysisThresholds
    let source: DataSource

    func fetch(_ meeting: MeetingInstance, now: UnixSeconds, logger: Logger) async -> Outcome {
        let encoded = ZoomPath.meetingUUID(meeting.uuid)
        let path = source == .dashboard ? "/metrics/meetings/\(encoded)/participants" : "/report/meetings/\(encoded)/participants"
        let query = source == .dashboard ? [("type", "past")] : []
        do {
            let records: [ZoomParticipantRecord]
            do {
                records = try await client.list(path, query: query, category: .heavy)
            } catch ZoomAPIError.requestFailed(_, 404, _, _, _) {
                // Zoom keeps no participant details for this instance (code 3001): nothing to wait for.
                logger.info("Zoom has no participant details for a meeting", metadata: ["meeting.uuid": "\(meeting.uuid)"])
                records = []
            }
            let sessions = records.compactMap { $0.session(meetingUUID: meeting.uuid, source: source) }
            let rows = try await store.storeParticipants(meetingUUID: meeting.uuid, sessions: sessions, fetchedAt: now)
            try await AnalysisRunner(thresholds: thresholds).analyse(
                meetingUUIDs: [meeting.uuid], in: store, refreshAccount: false)
            return .stored(rows: rows)
        } catch is CancellationError {
            return .stop(CancellationError())
        } catch let error as ZoomAPIError {
            if error.endsTheRun { return .stop(error) }
            logger.warning("could not fetch a meeting's participants", metadata: ["meeting.uuid": "\(meeting.uuid)", "error": "\(error)"])
            return .failed("\(meeting.uuid) (\(meeting.topic)): \(error)")
        } catch {
            return .stop(error)
        }
    }
}
