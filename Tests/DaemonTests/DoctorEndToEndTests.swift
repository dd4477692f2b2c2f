import Foundation
import Testing
import ZoomSimKit

/// `zoomdashctl doctor` as an admin runs it: the binary, against zoomsim and a running zoomdashd.
@Suite(.timeLimit(.minutes(5)))
struct DoctorEndToEndTests {
    static func doctor(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await run(Binaries.path("zoomdashctl"), ["doctor"] + arguments)
    }

    static func checks(_ json: String) throws -> [String: [String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let checks = try #require(root["checks"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: checks.map { ($0["id"] as? String ?? "", $0) })
    }

    @Test func aRunningSetupIsAllGreenAndAWorldReadableConfigIsNot() async throws {
        let simulator = ZoomSimulator(config: SimulatorConfig(scenario: ScenarioOptions(seed: 5, days: 2, hosts: 1, classesPerHostPerDay: 1)))
        try await simulator.withRunningServer { baseURL in
            let zoom = """
                [zoom]
                account_id = "sim-account"
                client_id = "sim-client"
                client_secret = "sim-secret"
                api_url = "\(baseURL)/v2"
                oauth_url = "\(baseURL)/oauth/token"
                """
            let daemon = try DaemonProcess(extraConfig: zoom)
            _ = try await daemon.start()
            // The daemon took any free port; the doctor's copy of the config names the one it took.
            var config = DaemonProcess.config(directory: daemon.directory, extra: zoom)
            let listen = try #require(config.range(of: "[http]\nlisten = \"127.0.0.1:0\""))
            config.replaceSubrange(listen, with: "[http]\nlisten = \"127.0.0.1:\(daemon.port)\"")
            let path = daemon.directory.appendingPathComponent("doctor.toml").path
            try config.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: daemon.directory.path)

            let exposed = try await Self.doctor(["--config", path, "--json"])
            #expect(exposed.status == 1, "\(exposed.stdout)\(exposed.stderr)")
            #expect(try Self.checks(exposed.stdout)["permissions"]?["status"] as? String == "problem")

            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            let green = try await Self.doctor(["--config", path, "--json"])
            #expect(green.status == 0, "\(green.stdout)\(green.stderr)")
            let checks = try Self.checks(green.stdout)
            let statuses = checks.mapValues { $0["status"] as? String ?? "" }
            #expect(statuses.values.allSatisfy { $0 == "ok" || $0 == "skipped" }, "\(statuses)")
            #expect(statuses["webhook.listener"] == "ok")
            #expect(statuses["webhook.delivery"] == "ok")
            #expect(statuses["zoom.token"] == "ok" && statuses["zoom.scopes"] == "ok" && statuses["zoom.dashboard"] == "ok")
            #expect(statuses["store"] == "ok")

            let text = try await Self.doctor(["--config", path])
            #expect(text.status == 0)
            #expect(text.stdout.contains("✓ Daemon listener: zoomdashd answers on 127.0.0.1:\(daemon.port)"))
            #expect(text.stdout.split(separator: "\n").last?.hasSuffix("all fine") == true, "\(text.stdout)")
        }
    }

    @Test func badInputGivesClearErrors() async throws {
        let unknown = try await Self.doctor(["--frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("Unknown option '--frobnicate'"))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zd-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("zoomdash.toml").path
        try "[zoom]\nplann = \"pro\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let bad = try await Self.doctor(["--config", path, "--json"])
        #expect(bad.status == 78)
        let config = try Self.checks(bad.stdout)["config"]
        #expect(config?["status"] as? String == "problem")
        #expect((config?["detail"] as? String)?.contains("zoom.plann") == true)

        let missing = try await Self.doctor(["--config", directory.appendingPathComponent("absent.toml").path])
        #expect(missing.status == 78)
        #expect(missing.stdout.contains("✗ Configuration:") && missing.stdout.contains("no such file"))
    }
}
