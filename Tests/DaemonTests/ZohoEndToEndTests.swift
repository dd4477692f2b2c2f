import Foundation
import Testing
import ZoomSimKit

/// The Zoho exporter in the real daemon against the fake Zoho: a kill -9 in the middle of an upload,
/// while Zoho holds an import it has not confirmed, then a restart that finishes it.
extension SinksEndToEndTests {
    static let uploadMeeting = Events.Meeting(uuid: "/Upload//uuid==", id: 85_000_000_010, topic: "Class 10A Physics")
    static let dropped = 400

    static func zohoSink(_ baseURL: String) -> String {
        """
        [sinks.zoho]
        type = "zoho"
        accounts_url = "\(baseURL)"
        api_url = "\(baseURL)"
        org_id = "60001234"
        workspace = "ZoomDash"
        client_id = "zoho-client"
        client_secret = "zoho-secret"
        refresh_token = "zoho-refresh"
        tables = ["disconnections", "incidents", "daily_by_topic"]
        batch_rows = 100
        """
    }

    /// `zoomdashctl export TABLE` as rows of fields (none of these values holds a comma).
    func exported(_ table: String, _ daemon: DaemonProcess) async throws -> [[String: String]] {
        let (status, csv, error) = try await run(Binaries.path("zoomdashctl"), ["export", table, "--config", daemon.configPath])
        guard status == 0 else { throw HarnessError("zoomdashctl export \(table): \(error)") }
        let lines = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// A row's fields named `columns`, joined: what is compared row by row.
    static func fields(_ row: [String: String], _ columns: [String]) -> String {
        columns.map { row[$0] ?? "<missing>" }.joined(separator: "|")
    }

    @Test func aKillDuringAZohoUploadLosesNoRowAndDuplicatesNone() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-zoho-\(UUID().uuidString)")
        // The store first: one class, 400 people each joining and dropping once.
        let filler = try DaemonProcess(reusing: directory)
        _ = try await filler.start()
        let now = Date()
        for index in 0..<Self.dropped {
            let name = "Pupil \(index)"
            _ = try await filler.post(Events.participant("meeting.participant_joined", name: name, time: now.addingTimeInterval(-900), in: Self.uploadMeeting))
            _ = try await filler.post(Events.participant(
                "meeting.participant_left", name: name, time: now.addingTimeInterval(-800 + Double(index)),
                reason: "left the meeting. Reason : Network connection error. ", in: Self.uploadMeeting))
        }
        let deadline = Date().addingTimeInterval(20)
        while try await exported("disconnects", filler).count < Self.dropped && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        await stop(filler)
        let drops = try await exported("disconnects", filler)
        let incidents = try await exported("incidents", filler)
        #expect(drops.count == Self.dropped && !incidents.isEmpty)

        // Each import answers 0.3 s after its rows are in: the kill lands while one is unconfirmed.
        let zoho = FakeZoho(config: FakeZohoConfig(importLatency: 0.3))
        try await zoho.withRunningServer { baseURL in
            let first = try DaemonProcess(extraConfig: Self.zohoSink(baseURL), reusing: directory)
            _ = try await first.start()
            let killBy = Date().addingTimeInterval(15)
            while zoho.stats.imports < 2 && Date() < killBy { try await Task.sleep(for: .milliseconds(5)) }
            await stop(first, SIGKILL)
            let heldAtKill = zoho.rows(workspace: "ZoomDash", table: "disconnections").count
            #expect(heldAtKill > 0 && heldAtKill < Self.dropped, "killed in the middle: Zoho held \(heldAtKill) rows")

            let second = try DaemonProcess(extraConfig: Self.zohoSink(baseURL), reusing: directory)
            _ = try await second.start()
            let doneBy = Date().addingTimeInterval(15)
            while Date() < doneBy {
                let held = zoho.rows(workspace: "ZoomDash", table: "disconnections").count
                let classes = zoho.rows(workspace: "ZoomDash", table: "daily_by_topic")
                if held >= Self.dropped && classes.first?["disconnections"] == "\(Self.dropped)" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            // Counted after the run is recorded, which may follow Zoho's last answer by a moment.
            var metrics = ""
            for _ in 0..<50 where !metrics.contains(#"zoomdash_sink_rows{sink="zoho",table="disconnections"} \#(Self.dropped)"#) {
                metrics = try await second.get("/metrics").1
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(metrics.contains(#"zoomdash_sink_rows{sink="zoho",table="disconnections"} \#(Self.dropped)"#), "\(metrics)")
            await stop(second)
        }

        // What a user sees in the workspace: the store's rows, each once.
        let columns = ["meeting_uuid", "meeting_id", "topic", "participant_name", "time", "reason_class", "leave_reason", "rejoined_after_s",
                       "lost_s", "source", "quality_before"]
        let uploaded = zoho.rows(workspace: "ZoomDash", table: "disconnections")
        #expect(uploaded.count == Set(uploaded.map { $0["row_key"] ?? "" }).count, "no duplicates")
        #expect(uploaded.map { Self.fields($0, columns) }.sorted() == drops.map { Self.fields($0, columns) }.sorted())
        let incidentColumns = ["incident_id", "scope", "meeting_uuid", "start", "end", "dropped", "present", "cause"]
        let uploadedIncidents = zoho.rows(workspace: "ZoomDash", table: "incidents")
        #expect(uploadedIncidents.map { Self.fields($0, incidentColumns) }.sorted() == incidents.map { Self.fields($0, incidentColumns) }.sorted())
        // Four imports of disconnections, one of incidents, one of classes, and the one the kill left
        // unconfirmed sent again (updateadd: updated in place).
        #expect(zoho.stats.imports >= 7, "\(zoho.stats)")
        let classes = zoho.rows(workspace: "ZoomDash", table: "daily_by_topic")
        #expect(classes.count == 1 && classes.first?["topic"] == Self.uploadMeeting.topic, "\(classes)")
        #expect(classes.first?["disconnections"] == "\(Self.dropped)")
    }
}
