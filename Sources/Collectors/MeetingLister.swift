import Logging
import ZoomDashCore
import ZoomDashStorage
import ZoomDashZoomAPI

/// Lists past meetings into the store, window by window, recording a checkpoint per settled window so
/// a resumed backfill skips what it already listed.
struct MeetingLister: Sendable {
    let client: ZoomAPIClient
    let store: ZoomDashStore
    let filter: MeetingFilter

    /// - Returns: meetings seen in the windows (new or refreshed).
    func list(_ windows: [CollectionWindow], source: DataSource, now: UnixSeconds, logger: Logger) async throws -> Int {
        var listed = 0
        switch source {
        case .dashboard:
            for window in windows {
                listed += try await listDashboard(window, now: now, logger: logger)
            }
        case .report, .webhook:
            let users: [ZoomUser] = try await client.list("/users", query: [("status", "active")], category: .medium)
            logger.info("listing meetings per host with the Report API", metadata: ["zoom.users": "\(users.count)"])
            for window in windows {
                for user in users {
                    listed += try await listReport(window, user: user, now: now, logger: logger)
                }
            }
        }
        return listed
    }

    private func listDashboard(_ window: CollectionWindow, now: UnixSeconds, logger: Logger) async throws -> Int {
        let key = "participants.dashboard.listed.\(window.checkpointSuffix)"
        if try await store.checkpoint(key) != nil { return 0 }
        let records: [DashboardMeeting] = try await client.list(
            "/metrics/meetings", query: [("type", "past"), ("from", window.queryFrom), ("to", window.queryTo)],
            category: .resourceIntensive)
        let meetings = records.compactMap(\.instance).filter { window.contains($0.startTime) }
        try await save(meetings, window: window, checkpoint: key, now: now)
        logger.debug("listed meetings", metadata: ["window": "\(window.checkpointSuffix)", "meetings": "\(meetings.count)"])
        return meetings.count
    }

    private func listReport(_ window: CollectionWindow, user: ZoomUser, now: UnixSeconds, logger: Logger) async throws -> Int {
        let key = "participants.report.listed.\(user.id).\(window.checkpointSuffix)"
        if try await store.checkpoint(key) != nil { return 0 }
        let path = "/report/users/\(ZoomPath.percentEncode(user.id))/meetings"
        let records: [ReportMeeting] = try await client.list(
            path, query: [("type", "past"), ("from", window.queryFrom), ("to", window.queryTo)], category: .heavy)
        let meetings = records.compactMap { $0.instance(hostID: user.id) }.filter { window.contains($0.startTime) }
            .map { meeting -> MeetingInstance in
                var meeting = meeting
                if meeting.hostEmail.isEmpty { meeting.hostEmail = user.email }
                return meeting
            }
        try await save(meetings, window: window, checkpoint: key, now: now)
        return meetings.count
    }

    /// For meetings the store holds open (a live source's `meeting.ended` lost in a gap), Zoom's
    /// record of the meeting, so its end is known and its call quality can be fetched after its
    /// participants. One light call per such meeting; one still running stays open.
    /// - Returns: how many were closed.
    func closeOpenMeetings(_ uuids: [String], source: DataSource, now: UnixSeconds, logger: Logger) async throws -> Int {
        var closed: [MeetingInstance] = []
        for uuid in uuids {
            guard let stored = try await store.meeting(uuid: uuid), stored.endTime == nil else { continue }
            let path = ZoomPath.meetingUUID(uuid)
            let record: MeetingInstance? =
                switch source {
                case .dashboard:
                    try await client.get("/metrics/meetings/\(path)", query: [("type", "past")], category: .heavy, as: DashboardMeeting.self).instance
                case .report, .webhook:
                    try await client.get("/report/meetings/\(path)", category: .heavy, as: ReportMeeting.self).instance(hostID: stored.hostID)
                }
            guard var record, record.endTime != nil else { continue }
            if record.hostEmail.isEmpty { record.hostEmail = stored.hostEmail }
            closed.append(record)
        }
        guard !closed.isEmpty else { return 0 }
        let filter = self.filter
        try await store.upsertMeetings(closed, monitored: { filter.isMonitored($0) }, now: now)
        logger.info("Zoom's records closed meetings whose end the live source missed", metadata: ["meetings": "\(closed.count)"])
        return closed.count
    }

    private func save(_ meetings: [MeetingInstance], window: CollectionWindow, checkpoint key: String, now: UnixSeconds)
        async throws
    {
        let filter = self.filter
        try await store.upsertMeetings(meetings, monitored: { filter.isMonitored($0) }, now: now)
        if window.isSettled(now: now) {
            try await store.setCheckpoint(key, "\(meetings.count)", now: now)
        }
    }
}
