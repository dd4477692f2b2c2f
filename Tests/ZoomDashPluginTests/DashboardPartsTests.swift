import Foundation
import HummingbirdBcrypt
import Testing
import ZoomDashCore
import ZoomDashDashboard

@Suite struct DashboardPartsTests {
    @Test func theUsersFileTakesBcryptOnlyAndSaysWhichLineIsWrong() throws {
        let hash = Bcrypt.hash("pw", cost: 4)
        let accounts = try Accounts.parse("# comment\n\nann:\(hash)\r\n", path: "u")
        #expect(accounts.verify(user: "ann", password: "pw"))
        #expect(!accounts.verify(user: "ann", password: "PW"))
        #expect(!accounts.verify(user: "ghost", password: "pw"))
        do {
            _ = try Accounts.parse("ann:\(hash)\nbob:$apr1$abc$def\n", path: "/etc/zoomdash/u")
            Issue.record("accepted an MD5 hash")
        } catch {
            #expect(error.description.contains("line 2"))
            #expect(error.description.contains("htpasswd -B /etc/zoomdash/u bob"))
        }
        #expect(throws: DashboardError.self) { try Accounts.parse("no colon here\n", path: "u") }
        #expect(throws: DashboardError.self) { try Accounts.load(path: "/nonexistent/users") }
    }

    @Test func localDaysFollowTheZoneAcrossDaylightSavingChanges() throws {
        let berlin = LocalCalendar(zone: try #require(TimeZone(identifier: "Europe/Berlin")))
        // 2026-03-29: clocks go forward at 02:00, the day is 23 hours long.
        let start = try #require(berlin.startOfDay("2026-03-29"))
        let next = try #require(berlin.startOfDay("2026-03-30"))
        #expect(start == ZoomTime.parse("2026-03-28T23:00:00Z"))
        #expect(next - start == 23 * 3600)
        #expect(berlin.date(of: start) == "2026-03-29")
        #expect(berlin.date(of: start - 1) == "2026-03-28")
        #expect(berlin.hour(of: next) == 0)
        #expect(berlin.weekStart(of: "2026-03-29") == "2026-03-23")
        #expect(berlin.weekStart(of: "2026-03-30") == "2026-03-30")
        let kolkata = LocalCalendar(zone: try #require(TimeZone(identifier: "Asia/Kolkata")))
        #expect(kolkata.startOfDay("2026-11-18") == ZoomTime.parse("2026-11-17T18:30:00Z"))
    }

    @Test func useIsSplitIntoQuarterHours() {
        let sessions = [
            ParticipantSession(meetingUUID: "m", participantKey: "a", joinTime: 890, leaveTime: 1810, name: "A", source: .dashboard),
            ParticipantSession(meetingUUID: "m", participantKey: "b", joinTime: 1000, leaveTime: nil, name: "B", source: .webhook),
        ]
        let drop = Disconnection(
            meetingUUID: "m", participantKey: "a", participantName: "A", time: 1810, reason: .network, leaveReason: nil,
            rejoinedAfterSeconds: nil, lostSeconds: 0, source: .dashboard)
        let buckets = UsageBucket.of(sessions: sessions, disconnections: [drop], meetingEnd: nil, now: 1200)
        #expect(buckets.map(\.bucket) == [0, 1, 2])
        #expect(buckets.map(\.participantSeconds) == [10, 900 + 200, 10])
        #expect(buckets.map(\.sessions) == [1, 1, 0])
        #expect(buckets.map(\.meetings) == [1, 0, 0])
        #expect(buckets.map(\.drops) == [0, 0, 1])
    }

    /// A connection whose leave and meeting end never came (webhooks lost) stops counting 30 hours
    /// after it began, Zoom's longest meeting; one with an end, or younger, counts as before.
    @Test func aConnectionLeftOpenCountsThirtyHoursAtMost() {
        let open = [ParticipantSession(meetingUUID: "m", participantKey: "a", joinTime: 0, leaveTime: nil, name: "A", source: .webhook)]
        let weekLater = UsageBucket.of(sessions: open, disconnections: [], meetingEnd: nil, now: 7 * 86_400)
        #expect(weekLater.map(\.participantSeconds).reduce(0, +) == 30 * 3600)
        #expect(weekLater.map(\.bucket).max() == Int64(30 * 4 - 1), "no quarter hour after the thirtieth hour")
        #expect(weekLater == UsageBucket.of(sessions: open, disconnections: [], meetingEnd: nil, now: 30 * 86_400), "and it stops changing")
        let young = UsageBucket.of(sessions: open, disconnections: [], meetingEnd: nil, now: 3600)
        #expect(young.map(\.participantSeconds).reduce(0, +) == 3600)
        let ended = UsageBucket.of(sessions: open, disconnections: [], meetingEnd: 2 * 3600, now: 7 * 86_400)
        #expect(ended.map(\.participantSeconds).reduce(0, +) == 2 * 3600)
    }

    @Test func loginThrottleDoublesItsWaitAndForgetsOnSuccess() {
        var throttle = LoginThrottle()
        for second in 0..<5 { throttle.failed(client: "ip", now: Int64(second)) }
        #expect(throttle.wait(client: "ip", now: 4) == 30)
        #expect(throttle.wait(client: "other", now: 4) == 0)
        throttle.failed(client: "ip", now: 40)
        #expect(throttle.wait(client: "ip", now: 40) == 60)
        throttle.succeeded(client: "ip")
        #expect(throttle.wait(client: "ip", now: 41) == 0)
    }
}

@Suite struct DashboardAccountFileTests {
    @Test func settingAPasswordReplacesOnlyThatLine() throws {
        let first = try Accounts.setting(user: "ann", password: "first password", in: "# admins\nbob:x\n", cost: 4)
        #expect(first.hasPrefix("# admins\nbob:x\nann:$2b$04$"))
        let second = try Accounts.setting(user: "ann", password: "second password", in: first, cost: 4)
        #expect(second.split(separator: "\n").count == 3)
        let accounts = try Accounts.parse(second.replacingOccurrences(of: "bob:x\n", with: ""), path: "u")
        #expect(accounts.verify(user: "ann", password: "second password"))
        #expect(throws: DashboardError.self) { try Accounts.setting(user: "a:b", password: "long enough", in: "") }
        #expect(throws: DashboardError.self) { try Accounts.setting(user: "ann", password: "short", in: "") }
    }
}

@Suite struct DashboardSessionTests {
    @Test func sessionsEndAfterTheirLifetimeAndAtLogout() async {
        let sessions = SessionStore(lifetime: 100, capacity: 2)
        let (first, _) = await sessions.create(user: "ann", now: 0)
        #expect(first.count == 64)
        #expect(await sessions.user(token: first, now: 99) == "ann")
        #expect(await sessions.user(token: first, now: 100) == nil)
        let (second, _) = await sessions.create(user: "bo", now: 200)
        await sessions.end(token: second)
        #expect(await sessions.user(token: second, now: 201) == nil)
        // Full: the session closest to its end makes room.
        let (a, _) = await sessions.create(user: "a", now: 300)
        let (b, _) = await sessions.create(user: "b", now: 301)
        let (c, _) = await sessions.create(user: "c", now: 302)
        #expect(await sessions.user(token: a, now: 303) == nil)
        #expect(await sessions.user(token: b, now: 303) == "b")
        #expect(await sessions.user(token: c, now: 303) == "c")
    }
}
