import Foundation
import Testing
import ZoomDashCore

/// The doctor's pure parts: the exit code rule, both renderings, the scope model, the clock skew.
struct DoctorReportTests {
    static let checks: [DoctorCheck] = [
        .ok("config", "Configuration", "valid", facts: ["file": "/etc/zoomdash/zoomdash.toml"]),
        .warning("zoom.dashboard", "Zoom Dashboard", "none on this plan", fix: "upgrade", facts: ["available": false]),
        .skipped("systemd", "systemd unit", "not installed"),
    ]

    @Test func warningsAndSkipsExitZeroAProblemOneAConfigurationErrorSeventyEight() {
        #expect(DoctorReport(checks: Self.checks).exitCode == 0)
        let problem = DoctorCheck.problem("zoom.token", "Zoom token", "refused", fix: "copy the secret")
        #expect(DoctorReport(checks: Self.checks + [problem]).exitCode == 1)
        var config = DoctorCheck.problem("config", "Configuration", "bad key", fix: "fix it")
        config.isConfigurationError = true
        #expect(DoctorReport(checks: [config]).exitCode == 78)
        #expect(DoctorReport(checks: [problem, config]).exitCode == 78)
    }

    @Test func textHasOneLineEachWithItsSymbolAndTheFixIndentedBelow() {
        let text = DoctorReport(checks: Self.checks + [.problem("store", "Store", "read-only", fix: "remount")]).text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "✓ Configuration: valid")
        #expect(lines[1] == "⚠ Zoom Dashboard: none on this plan")
        #expect(lines[2] == "    fix: upgrade")
        #expect(lines[3] == "– systemd unit: not installed")
        #expect(lines[4] == "✗ Store: read-only")
        #expect(lines[5] == "    fix: remount")
        #expect(lines.last == "1 ok, 1 warning, 1 problem, 1 skipped: fix the problems above (✗)")
        #expect(DoctorReport(checks: [Self.checks[0]]).text.hasSuffix("1 ok, 0 warnings, 0 problems, 0 skipped: all fine"))
    }

    @Test func jsonIsStableAndParses() throws {
        let report = DoctorReport(checks: Self.checks + [.ok("zoom.scopes", "Zoom scopes", "all \"there\"\n", facts: ["missing": .list([]), "n": 3])])
        #expect(report.json == report.json)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        #expect(root["format"] as? Int == 1)
        #expect(root["exit_code"] as? Int == 0)
        #expect(root["summary"] as? [String: Int] == ["ok": 2, "warning": 1, "problem": 0, "skipped": 1])
        let checks = try #require(root["checks"] as? [[String: Any]])
        #expect(checks.map { $0["id"] as? String } == ["config", "zoom.dashboard", "systemd", "zoom.scopes"])
        #expect(checks.allSatisfy { Set($0.keys) == ["id", "title", "status", "detail", "fix", "facts"] })
        #expect(checks[0]["fix"] is NSNull)
        #expect(checks[1]["fix"] as? String == "upgrade")
        #expect((checks[1]["facts"] as? [String: Any])?["available"] as? Bool == false)
        #expect(checks[3]["detail"] as? String == "all \"there\"\n")
        #expect((checks[3]["facts"] as? [String: Any])?["n"] as? Int == 3)
        // Members in a fixed order: the text itself is stable, not just its parse.
        #expect(report.json.range(of: #""format": 1,\n  "version": ".*",\n  "exit_code": 0,"#, options: .regularExpression) != nil)
    }

    @Test func scopesAreNeededByTheSourceAndNamedInTheAppsStyle() {
        let classic: Set<String> = ["report:read:admin", "user:read:admin"]
        let report = ZoomScopes.requirements(source: .report, quality: false, planHasDashboard: true, granted: classic)
        #expect(report.count == 1 && report[0].consequence == nil && report[0].needs.allSatisfy { $0.isGranted(by: classic) })
        // auto without the Dashboard's scopes: the Report API must work, the Dashboard's absence costs leave reasons.
        let auto = ZoomScopes.requirements(source: .auto, quality: true, planHasDashboard: true, granted: classic)
        #expect(auto.map { $0.consequence == nil } == [true, false, false])
        #expect(auto[1].consequence?.contains("inferred") == true)
        #expect(auto[2].needs == [ZoomScopes.dashboardQuality])
        // auto with them: the Report API is only the fallback.
        let dashboard: Set<String> = ["dashboard:read:list_meetings:admin", "dashboard:read:list_meeting_participants:admin"]
        let preferred = ZoomScopes.requirements(source: .auto, quality: false, planHasDashboard: true, granted: dashboard)
        #expect(preferred.map { $0.consequence == nil } == [true, false])
        // A Pro plan cannot even pick the Dashboard's scopes: they are not asked for.
        #expect(ZoomScopes.requirements(source: .auto, quality: true, planHasDashboard: false, granted: []).flatMap(\.needs) == ZoomScopes.report)
        #expect(ZoomScopes.names(ZoomScopes.report, granular: false) == ["user:read:admin", "report:read:admin"])
        #expect(
            ZoomScopes.names(ZoomScopes.report, granular: true)
                == ["user:read:list_users:admin", "report:read:user:admin", "report:read:list_meeting_participants:admin"])
        #expect(ZoomScopes.looksGranular(dashboard))
        #expect(!ZoomScopes.looksGranular(classic))
        #expect(ZoomScopes.dashboardMeetings.isGranted(by: ["dashboard:read:admin"]))
    }

    @Test func clockSkewFromTheDateHeader() throws {
        #expect(ClockSkew.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(ClockSkew.parseHTTPDate("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(ClockSkew.parseHTTPDate("Sun, 06 Nov 1994 25:49:37 GMT") == nil)
        // The server says 08:49:37 (so up to 08:49:37.999); we asked at :36.9 and heard back at :37.1.
        let close = try #require(ClockSkew(dateHeader: "Sun, 06 Nov 1994 08:49:37 GMT", sentAt: 784_111_776.9, receivedAt: 784_111_777.1))
        #expect(abs(close.seconds - 0.5) < 0.001)
        #expect(close.atLeast == 0)
        // Ten minutes behind Zoom.
        let behind = try #require(ClockSkew(dateHeader: "Sun, 06 Nov 1994 08:49:37 GMT", sentAt: 784_111_177, receivedAt: 784_111_177.2))
        #expect(behind.seconds > 599 && behind.seconds < 601)
        #expect(behind.atLeast > 598)
    }
}
