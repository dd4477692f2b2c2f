import Logging
import ZoomDashCore
import ZoomDashStorage
import ZoomDashZoomAPI

/// Fetches, stores and analyses the QoS of one meeting instance.
struct QualityFetcher: Sendable {
    enum Outcome: Sendable {
        case stored(samples: Int)
        /// Zoom has nothing yet for a meeting that ended recently: the next run asks again.
        case notYet
        case failed(String)
        /// Nothing more can succeed in this run (the lane's share of the daily cap, credentials, no Dashboard).
        case stop(any Error)
    }

    /// Zoom's QoS list pages hold at most 10 participants.
    static let pageSize = 10
    /// How long after its end a meeting without QoS may still get it (Zoom finalises past meetings
    /// with a delay); after that, "no QoS" is the answer and the meeting is not asked about again.
    static let finalisingSeconds: Int64 = 86_400

    let client: ZoomAPIClient
    let store: ZoomDashStore
    let thresholds: AnalysisThresholds

    /// - Parameter live: Zoom's `type=live` for a meeting in progress (its minutes so far) instead of `past`.
    func fetch(_ meeting: MeetingInstance, live: Bool, now: UnixSeconds, logger: Logger) async -> Outcome {
        let path = "/metrics/meetings/\(ZoomPath.meetingUUID(meeting.uuid))/participants/qos"
        do {
            let records: [ZoomQoSRecord]
            do {
                records = try await client.list(path, query: [("type", live ? "live" : "past")], category: .heavy, pageSize: Self.pageSize)
            } catch ZoomAPIError.requestFailed(_, 404, _, _, _) {
                if live || now - (meeting.endTime ?? meeting.startTime) < Self.finalisingSeconds { return .notYet }
                // Zoom keeps no QoS for this instance (or no longer): nothing to wait for.
                logger.info("Zoom has no QoS for a meeting", metadata: ["meeting.uuid": "\(meeting.uuid)"])
                records = []
            }
            let samples = QualitySample.mergedByIdentity(records.flatMap { $0.samples(meetingUUID: meeting.uuid) })
            try await store.storeQuality(meetingUUID: meeting.uuid, samples: samples, final: !live, settings: thresholds.quality, fetchedAt: now)
            try await AnalysisRunner(thresholds: thresholds).analyse(meetingUUIDs: [meeting.uuid], in: store, refreshAccount: false)
            return .stored(samples: samples.count)
        } catch is CancellationError {
            return .stop(CancellationError())
        } catch let error as ZoomAPIError {
            if error.endsTheRun { return .stop(error) }
            logger.warning("could not fetch a meeting's QoS", metadata: ["meeting.uuid": "\(meeting.uuid)", "error": "\(error)"])
            return .failed("\(meeting.uuid) (\(meeting.topic)): \(error)")
        } catch {
            return .stop(error)
        }
    }
}
