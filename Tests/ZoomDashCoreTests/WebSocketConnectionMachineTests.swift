import Testing
import ZoomDashCore

/// The connection state machine, driven by a manual clock's time: no sleeps, no socket.
@Suite struct WebSocketConnectionMachineTests {
    typealias Machine = WebSocketConnectionMachine
    let clock = ManualClock()
    var now: Double { Double(clock.elapsed.components.seconds) + 1_000 }

    /// Start, token, upgrade, `build_connection` success: live, with the first heartbeat 25 s out.
    func live(_ machine: inout Machine) -> Int {
        _ = machine.start(now: now)
        let actions = machine.tokenArrived("t1", now: now)
        guard case .connect(let id, "t1")? = actions.first else {
            Issue.record("expected a connect, got \(actions)")
            return 0
        }
        _ = machine.opened(id: id, now: now)
        _ = machine.received(.buildConnection(success: true, content: "ok"), id: id, now: now)
        return id
    }

    @Test func handshakeIsJudgedBySuccessNotWording() {
        var machine = Machine(seed: 1)
        #expect(machine.start(now: now) == [.fetchToken(refresh: false)])
        #expect(machine.phase == .token)
        #expect(machine.tokenArrived("t1", now: now) == [.connect(id: 1, token: "t1")])
        #expect(machine.opened(id: 1, now: now).isEmpty)
        #expect(machine.phase == .awaitingBuildConnection)
        // A heartbeat before build_connection does not make it live.
        #expect(machine.received(.heartbeat(success: true), id: 1, now: now).isEmpty)
        #expect(machine.phase == .awaitingBuildConnection)
        // "Bye"-ish text with success true is a success; the first connection has no gap.
        #expect(machine.received(.buildConnection(success: true, content: "connection failed? no"), id: 1, now: now) == [.wentLive(gap: nil)])
        #expect(machine.phase == .live)
        #expect(machine.nextWake == now + 25)
    }

    @Test func aFailedHandshakeWithoutTokenWordingBacksOff() {
        var machine = Machine(seed: 1)
        _ = machine.start(now: now)
        _ = machine.tokenArrived("t1", now: now)
        _ = machine.opened(id: 1, now: now)
        let actions = machine.received(.buildConnection(success: false, content: "something else"), id: 1, now: now)
        #expect(actions.first == .close(id: 1, .handshakeFailed))
        guard case .retry(.handshakeFailed, let delay, "something else")? = actions.last else {
            Issue.record("\(actions)")
            return
        }
        #expect(delay >= 1 && delay <= 1, "first delay: full jitter of 1 s, at least the base")
        #expect(machine.phase == .backoff)
    }

    @Test(arguments: ["Invalid Token", "Token is invalid", "token is empty", "TOKEN expired somehow"])
    func aTokenComplaintRefreshesTheTokenOnceAtOnce(_ wording: String) {
        var machine = Machine(seed: 1)
        _ = machine.start(now: now)
        _ = machine.tokenArrived("t1", now: now)
        _ = machine.opened(id: 1, now: now)
        #expect(
            machine.received(.buildConnection(success: false, content: wording), id: 1, now: now) == [
                .close(id: 1, .handshakeFailed), .retry(.handshakeFailed, retryIn: 0, detail: wording), .fetchToken(refresh: true),
            ])
        #expect(machine.tokenArrived("t2", now: now) == [.connect(id: 2, token: "t2")])
        // The old socket's close arrives late: ignored.
        #expect(machine.closed(id: 1, detail: "Bye", now: now).isEmpty)
        _ = machine.opened(id: 2, now: now)
        // The fresh token is rejected too: one token of the other grant, at once.
        #expect(
            machine.received(.buildConnection(success: false, content: wording), id: 2, now: now) == [
                .close(id: 2, .handshakeFailed), .retry(.handshakeFailed, retryIn: 0, detail: wording),
                .fetchToken(refresh: false, grant: .clientCredentials),
            ])
        _ = machine.tokenArrived("c1", now: now)
        _ = machine.opened(id: 3, now: now)
        // Rejected as well: now it backs off.
        let third = machine.received(.buildConnection(success: false, content: wording), id: 3, now: now)
        #expect(third.first == .close(id: 3, .handshakeFailed))
        #expect(machine.phase == .backoff)
        // After the backoff the configured grant again, and a token complaint may refresh once more
        // (a bad token never sticks).
        clock.advance(by: .seconds(60))
        #expect(machine.tick(now: now) == [.fetchToken(refresh: false)])
        _ = machine.tokenArrived("t2", now: now)
        _ = machine.opened(id: 4, now: now)
        #expect(machine.received(.buildConnection(success: false, content: wording), id: 4, now: now).last == .fetchToken(refresh: true))
    }

    @Test func theOtherGrantThatWentLiveIsKeptAcrossReconnects() {
        var machine = Machine(seed: 1)
        _ = machine.start(now: now)
        _ = machine.tokenArrived("t1", now: now)
        _ = machine.opened(id: 1, now: now)
        _ = machine.received(.buildConnection(success: false, content: "Invalid Token"), id: 1, now: now)
        _ = machine.tokenArrived("t2", now: now)
        _ = machine.opened(id: 2, now: now)
        #expect(machine.received(.buildConnection(success: false, content: "Invalid Token"), id: 2, now: now).last == .fetchToken(refresh: false, grant: .clientCredentials))
        _ = machine.tokenArrived("c1", now: now)
        _ = machine.opened(id: 3, now: now)
        #expect(machine.received(.buildConnection(success: true, content: "ok"), id: 3, now: now) == [.grantChanged(.clientCredentials), .wentLive(gap: nil)])
        #expect(machine.liveGrant == .clientCredentials)
        // Dropped later: the next round starts with the grant that worked.
        clock.advance(by: .seconds(600))
        _ = machine.closed(id: 3, detail: "reset", now: now)
        clock.advance(by: .seconds(60))
        #expect(machine.tick(now: now) == [.fetchToken(refresh: false, grant: .clientCredentials)])
    }

    @Test func theTokenEndpointRefusingTheGrantTriesTheOtherOnce() {
        var settings = Machine.Settings()
        settings.grant = .clientCredentials
        var machine = Machine(settings: settings, seed: 1)
        #expect(machine.start(now: now) == [.fetchToken(refresh: false, grant: .clientCredentials)])
        #expect(
            machine.tokenFailed("401 invalid_client", authenticationRejected: true, now: now) == [
                .retry(.tokenFailed, retryIn: 0, detail: "401 invalid_client"), .fetchToken(refresh: false, grant: .accountCredentials),
            ])
        // The other refused too: back off, and start over with the configured grant.
        #expect(machine.tokenFailed("401 invalid_client", authenticationRejected: true, now: now).count == 1)
        #expect(machine.phase == .backoff)
        clock.advance(by: .seconds(60))
        #expect(machine.tick(now: now) == [.fetchToken(refresh: false, grant: .clientCredentials)])
        // A network failure is no reason to change grants.
        guard case .retry(.tokenFailed, let delay, _)? = machine.tokenFailed("connection refused", now: now).first else {
            Issue.record("expected a backoff")
            return
        }
        #expect(delay > 0)
    }

    @Test func aTokenRejectedOnALiveSocketReconnectsWithAFreshToken() {
        var machine = Machine(seed: 1)
        let id = live(&machine)
        clock.advance(by: .seconds(3600))
        let actions = machine.received(.tokenRejected(content: "Invalid Token"), id: id, now: now)
        #expect(actions.first == .close(id: id, .tokenRejected))
        #expect(actions.last == .fetchToken(refresh: true))
        #expect(machine.disconnectedSince == now)
    }

    @Test func aFailedBuildConnectionOnALiveSocketIsHandledToo() {
        var machine = Machine(seed: 1)
        let id = live(&machine)
        #expect(machine.received(.buildConnection(success: false, content: "Invalid Token"), id: id, now: now).last == .fetchToken(refresh: true))
        var other = Machine(seed: 1)
        let otherID = live(&other)
        #expect(other.received(.buildConnection(success: false, content: "bye"), id: otherID, now: now).first == .close(id: otherID, .closed))
        #expect(other.phase == .backoff)
    }

    @Test func heartbeatEvery25SecondsOnlyWhileLive() {
        var machine = Machine(seed: 1)
        _ = machine.start(now: now)
        _ = machine.tokenArrived("t1", now: now)
        _ = machine.opened(id: 1, now: now)
        clock.advance(by: .seconds(5))
        #expect(machine.tick(now: now).isEmpty, "no heartbeat before build_connection")
        _ = machine.received(.buildConnection(success: true, content: ""), id: 1, now: now)
        var sent: [Double] = []
        for _ in 0..<100 {
            clock.advance(by: .seconds(1))
            // The server answers every heartbeat, so the watchdog never fires.
            for action in machine.tick(now: now) where action == .sendHeartbeat(id: 1) {
                sent.append(now)
                _ = machine.received(.heartbeat(success: true), id: 1, now: now)
            }
        }
        #expect(sent == [1030, 1055, 1080, 1105])
        #expect(machine.phase == .live)
    }

    @Test func theWatchdogReplacesAStalledConnectionAfter60Seconds() {
        var machine = Machine(seed: 1)
        let id = live(&machine)
        let wentSilentAt = now
        var actions: [Machine.Action] = []
        while actions.isEmpty || actions.allSatisfy({ $0 == .sendHeartbeat(id: id) }) {
            clock.advance(by: .seconds(1))
            actions = machine.tick(now: now)
        }
        #expect(now - wentSilentAt == 60)
        #expect(actions.first == .close(id: id, .watchdog))
        #expect(machine.phase == .backoff)
        #expect(machine.disconnectedSince == now)
        // Reconnected: the gap runs from the watchdog's verdict to the new build_connection.
        let gapStart = now
        clock.advance(by: .seconds(5))
        #expect(machine.tick(now: now) == [.fetchToken(refresh: false)])
        #expect(machine.tokenArrived("t1", now: now) == [.connect(id: 2, token: "t1")])
        _ = machine.opened(id: 2, now: now)
        #expect(machine.received(.buildConnection(success: true, content: ""), id: 2, now: now) == [.wentLive(gap: gapStart...now)])
    }

    @Test func aMissingBuildConnectionTimesOut() {
        var machine = Machine(seed: 1)
        _ = machine.start(now: now)
        _ = machine.tokenArrived("t1", now: now)
        _ = machine.opened(id: 1, now: now)
        #expect(machine.nextWake == now + 10)
        clock.advance(by: .seconds(10))
        #expect(machine.tick(now: now).first == .close(id: 1, .handshakeTimeout))
    }

    @Test func aSocketSilentAfterTheUpgradeIsRetriedWithAFreshTokenAfterTheBackoff() {
        var machine = Machine(seed: 1)
        _ = machine.start(now: now)
        _ = machine.tokenArrived("t1", now: now)
        _ = machine.opened(id: 1, now: now)
        #expect(timeOutAndWaitTheBackoff(&machine) == [.fetchToken(refresh: true)])
        // Only that round: a connect that never got through the upgrade says nothing of the token.
        _ = machine.tokenArrived("t2", now: now)
        #expect(timeOutAndWaitTheBackoff(&machine) == [.fetchToken(refresh: false)])
    }

    /// The handshake's 10 s, then the backoff it asks for: what the machine does next.
    func timeOutAndWaitTheBackoff(_ machine: inout Machine) -> [WebSocketConnectionMachine.Action] {
        clock.advance(by: .seconds(10))
        guard case .retry(.handshakeTimeout, let delay, _)? = machine.tick(now: now).last else {
            Issue.record("no backoff after the handshake timeout")
            return []
        }
        clock.advance(by: .seconds(delay.rounded(.up)))
        return machine.tick(now: now)
    }

    @Test func backoffGrowsWithFullJitterToTheCapAndNeverGivesUp() {
        var machine = Machine(seed: 42)
        _ = machine.start(now: now)
        var delays: [Double] = []
        for _ in 0..<40 {
            _ = machine.tokenArrived("t", now: now)
            let actions = machine.closed(id: machine.connectionID, detail: "refused", now: now)
            guard case .retry(.connectFailed, let delay, _)? = actions.first else {
                Issue.record("\(actions)")
                return
            }
            delays.append(delay)
            clock.advance(by: .seconds(Int64(delay.rounded(.up))))
            #expect(machine.tick(now: now) == [.fetchToken(refresh: false)])
        }
        #expect(delays.allSatisfy { $0 >= 1 && $0 <= 60 })
        #expect(delays.prefix(3).allSatisfy { $0 <= 4 })
        #expect(delays.suffix(20).contains { $0 > 30 }, "at the cap, jitter spans up to 60 s")
        #expect(Set(delays.suffix(20)).count > 10, "jittered, not fixed")
    }

    @Test func twoMinutesLiveResetsTheBackoff() {
        var machine = Machine(seed: 7)
        _ = machine.start(now: now)
        for _ in 0..<6 {
            _ = machine.tokenArrived("t", now: now)
            _ = machine.closed(id: machine.connectionID, detail: "refused", now: now)
            clock.advance(by: .seconds(61))
            _ = machine.tick(now: now)
        }
        #expect(machine.backoff.attempts == 6)
        _ = machine.tokenArrived("t", now: now)
        _ = machine.opened(id: machine.connectionID, now: now)
        _ = machine.received(.buildConnection(success: true, content: ""), id: machine.connectionID, now: now)
        clock.advance(by: .seconds(30))
        _ = machine.received(.heartbeat(success: true), id: machine.connectionID, now: now)
        _ = machine.closed(id: machine.connectionID, detail: "reset", now: now)
        #expect(machine.backoff.attempts == 7, "30 s live: no reset")
        clock.advance(by: .seconds(61))
        _ = machine.tick(now: now)
        _ = machine.tokenArrived("t", now: now)
        _ = machine.opened(id: machine.connectionID, now: now)
        _ = machine.received(.buildConnection(success: true, content: ""), id: machine.connectionID, now: now)
        for _ in 0..<5 {
            clock.advance(by: .seconds(25))
            _ = machine.received(.heartbeat(success: true), id: machine.connectionID, now: now)
        }
        let actions = machine.closed(id: machine.connectionID, detail: "reset", now: now)
        #expect(machine.backoff.attempts == 1, "125 s live: reset, then this close counts")
        #expect(actions == [.retry(.closed, retryIn: 1, detail: "reset")])
    }

    @Test func repeatedClosesRightAfterGoingLiveLookLikeATakenSubscription() {
        var machine = Machine(seed: 3)
        _ = machine.start(now: now)
        var reports: [Machine.Action] = []
        for _ in 0..<5 {
            _ = machine.tokenArrived("t", now: now)
            _ = machine.opened(id: machine.connectionID, now: now)
            _ = machine.received(.buildConnection(success: true, content: ""), id: machine.connectionID, now: now)
            clock.advance(by: .seconds(1))
            reports += machine.closed(id: machine.connectionID, detail: "1000 Bye", now: now).filter {
                if case .taken = $0 { true } else { false }
            }
            clock.advance(by: .seconds(61))
            #expect(machine.tick(now: now) == [.fetchToken(refresh: false)], "never gives up")
        }
        #expect(reports == [.taken(closes: 3)], "reported once per streak")
        #expect(machine.suspectedTaken)
    }

    @Test func aConnectionThatLastsClearsTheTakenSuspicion() {
        var machine = Machine(seed: 3)
        _ = machine.start(now: now)
        for _ in 0..<3 {
            _ = machine.tokenArrived("t", now: now)
            _ = machine.opened(id: machine.connectionID, now: now)
            _ = machine.received(.buildConnection(success: true, content: ""), id: machine.connectionID, now: now)
            _ = machine.closed(id: machine.connectionID, detail: "Bye", now: now)
            clock.advance(by: .seconds(61))
            _ = machine.tick(now: now)
        }
        #expect(machine.suspectedTaken)
        _ = machine.tokenArrived("t", now: now)
        _ = machine.opened(id: machine.connectionID, now: now)
        _ = machine.received(.buildConnection(success: true, content: ""), id: machine.connectionID, now: now)
        clock.advance(by: .seconds(20))
        _ = machine.closed(id: machine.connectionID, detail: "reset", now: now)
        #expect(!machine.suspectedTaken)
    }

    @Test func stopClosesAConnectedSocketAndIgnoresWhatFollows() {
        var machine = Machine(seed: 1)
        let id = live(&machine)
        #expect(machine.stop(now: now) == [.close(id: id, .shutdown)])
        #expect(machine.closed(id: id, detail: "", now: now).isEmpty)
        #expect(machine.tick(now: now + 100).isEmpty)
        #expect(machine.nextWake == nil)
    }
}
