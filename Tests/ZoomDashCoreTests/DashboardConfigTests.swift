import Foundation
import Testing
import ZoomDashConfiguration
import ZoomDashCore

@Suite struct DashboardConfigTests {
    let loader = ConfigLoader(environment: [:])

    @Test func readsTheDashboardKeys() throws {
        let config = try loader.parse(
            """
            [dashboard]
            listen = "0.0.0.0:8443"
            users_file = "/etc/zoomdash/dashboard.htpasswd"
            timezone = "Europe/Berlin"
            public_url = "https://zoomdash.school.example/"
            anonymous_overview = true
            public_topics = true
            session_timeout = "8h"
            """, file: "z.toml")
        #expect(config.dashboard.host == "0.0.0.0")
        #expect(config.dashboard.port == 8443)
        #expect(config.dashboard.usersFile == "/etc/zoomdash/dashboard.htpasswd")
        #expect(config.dashboard.timeZone == "Europe/Berlin")
        #expect(config.dashboard.publicURL == "https://zoomdash.school.example")
        #expect(config.dashboard.anonymousOverview && config.dashboard.publicTopics)
        #expect(config.dashboard.sessionSeconds == 8 * 3600)
        let defaults = try loader.parse("", file: "z.toml").dashboard
        #expect(defaults.enabled && defaults.host == "127.0.0.1" && defaults.port == 9466 && defaults.usersFile == nil)
    }

    @Test func anAddressOthersCanReachNeedsAUsersFile() throws {
        #expect(throws: ConfigError.self) { try loader.parse("[dashboard]\nlisten = \"0.0.0.0:9466\"\n", file: "z.toml") }
        do {
            _ = try loader.parse("[dashboard]\nlisten = \"192.168.1.5:9466\"\n", file: "z.toml")
        } catch {
            #expect(error.key == "dashboard.listen")
            #expect(error.message.contains("users_file"))
            #expect(error.message.contains("htpasswd -B"))
        }
        // Off is off: nothing listens, so nothing is exposed.
        #expect(try loader.parse("[dashboard]\nenabled = false\nlisten = \"0.0.0.0:9466\"\n", file: "z.toml").dashboard.enabled == false)
        #expect(try loader.parse("[dashboard]\nlisten = \"[::1]:9466\"\n", file: "z.toml").dashboard.isLoopback)
    }

    @Test func badValuesNameTheirKey() {
        let cases: [(String, String)] = [
            ("listen = \"9466\"", "dashboard.listen"), ("timezone = \"Mars/Olympus\"", "dashboard.timezone"),
            ("public_url = \"zoomdash.example\"", "dashboard.public_url"), ("anonymous_overview = \"yes\"", "dashboard.anonymous_overview"),
            ("session_timeout = \"1m\"", "dashboard.session_timeout"), ("colour = \"blue\"", "dashboard.colour"),
        ]
        for (line, key) in cases {
            do {
                _ = try loader.parse("[dashboard]\n\(line)\n", file: "z.toml")
                Issue.record("accepted \(line)")
            } catch {
                #expect(error.key == key, "\(line): \(error)")
            }
        }
    }
}
