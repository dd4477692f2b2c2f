import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import ZoomDashDashboard

/// The dashboard's routes in-process: access rules, login, headers, escaping.
@Suite(.timeLimit(.minutes(5))) struct DashboardRoutesTests {
    static let pages = ["/", "/today", "/incidents", "/incidents/1", "/meetings/M1%3D%3D", "/people", "/rooms", "/health"]

    func withApp(_ fixture: DashboardFixture, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: DashboardServer.router(api: fixture.api, access: fixture.access, logger: Logger(label: "dashboard-tests")))
        try await app.test(.router) { client in try await body(client) }
    }

    func login(_ client: some TestClientProtocol, user: String = "alice", password: String = DashboardFixture.password) async throws -> TestResponse {
        let form = "username=\(user)&password=\(password.replacingOccurrences(of: " ", with: "+"))&next=%2Fpeople"
        return try await client.execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
    }

    @Test func withoutASessionPagesGoToLoginAndTheAPIIs401() async throws {
        try await withApp(try await DashboardFixture.make()) { client in
            for page in Self.pages {
                let response = try await client.execute(uri: page, method: .get)
                #expect(response.status == .seeOther, "\(page)")
                #expect(response.headers[.location]?.hasPrefix("/login?next=") == true)
            }
            let api = try await client.execute(uri: "/api/v1/days", method: .get)
            #expect(api.status == .unauthorized)
            #expect(String(buffer: api.body).contains("log in first"))
            #expect(api.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            // A page's own fetch gets no challenge: the browser would pop up its password dialog.
            let fetched = try await client.execute(uri: "/api/v1/days", method: .get, headers: [.init("Sec-Fetch-Mode")!: "cors"])
            #expect(fetched.status == .unauthorized)
            #expect(fetched.headers[.wwwAuthenticate] == nil)
            #expect(try await client.execute(uri: "/overview", method: .get).status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/overview", method: .get).status == .unauthorized)
            // The assets and the login page are for everyone.
            #expect(try await client.execute(uri: "/assets/app.js", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/login", method: .get).status == .ok)
        }
    }

    @Test func aLoginGivesAStrictCookieThatOpensEveryPageUntilLogout() async throws {
        try await withApp(try await DashboardFixture.make()) { client in
            let wrong = try await login(client, password: "guess")
            #expect(wrong.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains("Wrong user name or password."))
            #expect(try await login(client, user: "mallory").status == .unauthorized)

            let ok = try await login(client)
            #expect(ok.status == .seeOther)
            #expect(ok.headers[.location] == "/people")
            let cookie = try #require(ok.headers[.setCookie])
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=3600"] { #expect(cookie.contains(attribute)) }
            #expect(!cookie.contains("Secure"))
            let session = String(cookie.split(separator: ";")[0])
            for page in Self.pages {
                let response = try await client.execute(uri: page, method: .get, headers: [.cookie: session])
                #expect(response.status == .ok, "\(page)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(String(buffer: response.body).contains("data-user=\"alice\""))
            }
            let api = try await client.execute(uri: "/api/v1/days", method: .get, headers: [.cookie: session])
            #expect(api.status == .ok)
            #expect(api.headers[.contentType]?.hasPrefix("application/json") == true)

            let out = try await client.execute(uri: "/logout", method: .post, headers: [.cookie: session])
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: session]).status == .seeOther)
        }
    }

    @Test func anAccountTakenOutOfTheUsersFileLosesItsSessionAtOnce() async throws {
        let fixture = try await DashboardFixture.make()
        try await withApp(fixture) { client in
            let cookie = try #require(try await login(client).headers[.setCookie])
            let session = String(cookie.split(separator: ";")[0])
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: session]).status == .ok)
            let path = try #require(fixture.usersFile)
            let remaining = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("alice:") }
            try (remaining.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: session]).status == .seeOther)
        }
    }

    @Test func behindATLSProxyTheCookieIsSecureAndNextNeverLeavesTheSite() async throws {
        try await withApp(try await DashboardFixture.make()) { client in
            let form = "username=alice&password=correct+horse&next=%2F%2Fevil.example%2F"
            let response = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .init("X-Forwarded-Proto")!: "https"],
                body: ByteBuffer(string: form))
            #expect(response.headers[.setCookie]?.contains("; Secure") == true)
            #expect(response.headers[.location] == "/")
        }
    }

    @Test func httpBasicWorksForScripts() async throws {
        try await withApp(try await DashboardFixture.make()) { client in
            let good = "Basic " + Data("alice:\(DashboardFixture.password)".utf8).base64EncodedString()
            let bad = "Basic " + Data("alice:nope".utf8).base64EncodedString()
            #expect(try await client.execute(uri: "/api/v1/incidents?from=2026-11-01", method: .get, headers: [.authorization: good]).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/incidents", method: .get, headers: [.authorization: bad]).status == .unauthorized)
            let csv = try await client.execute(uri: "/api/v1/disconnections?from=2026-11-18&format=csv", method: .get, headers: [.authorization: good])
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"disconnections.csv\"")
        }
    }

    @Test func repeatedFailedLoginsAreThrottled() async throws {
        try await withApp(try await DashboardFixture.make()) { client in
            for _ in 0..<5 { #expect(try await login(client, password: "guess").status == .unauthorized) }
            let blocked = try await login(client)
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers[.retryAfter] != nil)
            #expect(String(buffer: blocked.body).contains("Too many failed logins"))
        }
    }

    @Test func everyValueInAShellIsEscaped() async throws {
        try await withApp(try await DashboardFixture.make(users: false)) { client in
            let response = try await client.execute(uri: "/meetings/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", method: .get)
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(!html.contains("<script>alert(1)"))
            #expect(html.contains("data-id=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
            #expect(!html.contains("<script>") || html.components(separatedBy: "<script").count == 2)
        }
    }

    @Test func aMeetingUUIDWithASlashIsOneSegment() async throws {
        try await withApp(try await DashboardFixture.make(users: false)) { client in
            let api = try await client.execute(uri: "/api/v1/meetings/A%2F2", method: .get)
            #expect(api.status == .ok)
            #expect(String(buffer: api.body).contains("\"uuid\":\"A/2\""))
            let page = try await client.execute(uri: "/meetings/A%2F2", method: .get)
            #expect(String(buffer: page.body).contains("data-id=\"A/2\""))
        }
    }

    @Test func withoutAUsersFileTheLoopbackListenerIsOpen() async throws {
        try await withApp(try await DashboardFixture.make(users: false)) { client in
            for page in Self.pages {
                let status = try await client.execute(uri: page, method: .get).status
                #expect(status == .ok, "\(page)")
            }
            let health = try await client.execute(uri: "/api/v1/health", method: .get)
            #expect(health.status == .ok)
        }
    }

    @Test func theAnonymousOverviewIsOpenWhenAskedForAndNothingElseIs() async throws {
        try await withApp(try await DashboardFixture.make(anonymousOverview: true)) { client in
            let page = try await client.execute(uri: "/overview", method: .get)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("data-anonymous=\"true\""))
            #expect(!String(buffer: page.body).contains("href=\"/people\""))
            let api = try await client.execute(uri: "/api/v1/overview?from=2026-11-01", method: .get)
            #expect(api.status == .ok)
            for secret in ["Pupil", "7B Math", "Alice"] { #expect(!String(buffer: api.body).contains(secret)) }
            #expect(try await client.execute(uri: "/api/v1/people", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/people", method: .get).status == .seeOther)
        }
    }
}
