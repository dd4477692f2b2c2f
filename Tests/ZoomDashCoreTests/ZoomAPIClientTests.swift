import Foundation
import Logging
import Testing
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashZoomAPI

@Suite struct ZoomAPIClientTests {
    struct Item: ZoomListItem {
        static let listKey = "items"
        var n: Int
    }

    func makeClient(_ http: FakeHTTPClient, clock: ManualClock = ManualClock()) -> ZoomAPIClient {
        var settings = ZoomSettings()
        settings.accountID = "acc"
        settings.clientID = "cid"
        settings.clientSecret = "sec"
        settings.apiURL = "http://zoom.test/v2"
        settings.oauthURL = "http://zoom.test/oauth/token"
        let budget = RequestBudget(plan: .business, clock: clock, unixNow: 1_795_132_800)
        return ZoomAPIClient(
            settings: settings, http: http, budget: budget, logger: Logger(label: "test"), jitter: { 0.5 })
    }

    @Test func authenticatesWithBasicAuthAndFormBodyThenCachesTheToken() async throws {
        let http = FakeHTTPClient { request, _ in
            request.url.hasSuffix("/oauth/token") ? tokenAnswer : json(200, #"{"items":[{"n":1}],"next_page_token":""}"#)
        }
        let client = makeClient(http)
        _ = try await client.list("/x", category: .light, of: Item.self)
        _ = try await client.list("/x", category: .light, of: Item.self)
        let token = try #require(http.requests(to: "/oauth/token").first)
        #expect(http.requests(to: "/oauth/token").count == 1)
        #expect(token.method == "POST")
        #expect(token.headers.contains(HTTPHeader("Authorization", "Basic " + Data("cid:sec".utf8).base64EncodedString())))
        #expect(String(decoding: token.body ?? [], as: UTF8.self) == "grant_type=account_credentials&account_id=acc")
        #expect(!token.url.contains("grant_type"))
        #expect(http.requests(to: "/x").allSatisfy { $0.headers.contains(HTTPHeader("Authorization", "Bearer T1")) })
    }

    @Test func followsNextPageTokensWithTheLargestPageSize() async throws {
        let http = FakeHTTPClient { request, _ in
            if request.url.hasSuffix("/oauth/token") { return tokenAnswer }
            if request.url.contains("next_page_token=p2") { return json(200, #"{"items":[{"n":3}],"next_page_token":""}"#) }
            return json(200, #"{"items":[{"n":1},{"n":2}],"next_page_token":"p2"}"#)
        }
        let items = try await makeClient(http).list("/x", query: [("type", "past")], category: .heavy, of: Item.self)
        #expect(items.map(\.n) == [1, 2, 3])
        #expect(http.requests(to: "/x").allSatisfy { $0.url.contains("page_size=300") && $0.url.contains("type=past") })
    }

    @Test func survives429And5xxThenSucceeds() async throws {
        let http = FakeHTTPClient { request, index in
            if request.url.hasSuffix("/oauth/token") { return tokenAnswer }
            switch index {
            case 2: return json(429, #"{"code":429,"message":"per-second rate limit"}"#, headers: ["retry-after": "3", "x-ratelimit-category": "Heavy"])
            case 3: return json(503, #"{"code":503,"message":"unavailable"}"#, headers: ["x-zm-trackingid": "TRK"])
            default: return json(200, #"{"items":[{"n":1}]}"#)
            }
        }
        let clock = ManualClock()
        let items = try await makeClient(http, clock: clock).list("/x", category: .heavy, of: Item.self)
        #expect(items.count == 1)
        #expect(http.requests(to: "/x").count == 3)
        #expect(clock.elapsed >= .seconds(3))
    }

    @Test func anAccountBusyWithAnotherAppIsWaitedOutLongerThanServerErrors() async throws {
        let busy = json(429, #"{"code":429,"message":"per-second rate limit"}"#, headers: ["retry-after": "1", "x-ratelimit-category": "Heavy"])
        let http = FakeHTTPClient { request, index in
            if request.url.hasSuffix("/oauth/token") { return tokenAnswer }
            if index <= RetryPolicy().maxAttempts * 2 { return busy }
            if index == RetryPolicy().maxAttempts * 2 + 1 { return json(503, #"{"code":503,"message":"unavailable"}"#) }
            return json(200, #"{"items":[{"n":1}]}"#)
        }
        #expect(try await makeClient(http).list("/x", category: .heavy, of: Item.self).count == 1)

        let alwaysBusy = FakeHTTPClient { request, _ in request.url.hasSuffix("/oauth/token") ? tokenAnswer : busy }
        await #expect(throws: ZoomAPIError.self) { try await makeClient(alwaysBusy).list("/x", category: .heavy, of: Item.self) }
        #expect(alwaysBusy.requests(to: "/x").count == RetryPolicy().maxRateLimitedWaits + 1)
    }

    @Test func aPerMinuteLimitWithoutRetryAfterWaitsForTheNextMinute() async throws {
        let http = FakeHTTPClient { request, index in
            if request.url.hasSuffix("/oauth/token") { return tokenAnswer }
            if index == 2 { return json(429, #"{"code":429,"message":"rate limit"}"#, headers: ["x-ratelimit-category": "Resource-intensive"]) }
            return json(200, #"{"items":[]}"#)
        }
        let clock = ManualClock()
        _ = try await makeClient(http, clock: clock).list("/metrics/meetings", category: .resourceIntensive, of: Item.self)
        // The budget starts on a minute boundary: the retry waits for the next one, not one second.
        #expect(clock.elapsed >= .seconds(60))
        #expect(clock.elapsed < .seconds(62))
        #expect(RateLimitBudget.nextWindow(after: 1_795_132_801.5, periodSeconds: 1) == 1_795_132_802)
    }

    @Test func renewsTheTokenOnceOn401OrCode124() async throws {
        let http = FakeHTTPClient { request, index in
            if request.url.hasSuffix("/oauth/token") { return tokenAnswer }
            if index == 2 { return json(400, #"{"code":124,"message":"Invalid access token."}"#) }
            return json(200, #"{"items":[]}"#)
        }
        _ = try await makeClient(http).list("/x", category: .light, of: Item.self)
        #expect(http.requests(to: "/oauth/token").count == 2)
    }

    @Test func givesUpAfterTheLastAttemptWithTheTrackingID() async throws {
        let http = FakeHTTPClient { request, _ in
            request.url.hasSuffix("/oauth/token") ? tokenAnswer : json(502, "bad gateway", headers: ["x-zm-trackingid": "TRK9"])
        }
        do {
            _ = try await makeClient(http).list("/x", category: .heavy, of: Item.self)
            Issue.record("expected a failure")
        } catch let error as ZoomAPIError {
            #expect("\(error)".contains("HTTP 502"))
            #expect("\(error)".contains("TRK9"))
        }
        #expect(http.requests(to: "/x").count == RetryPolicy().maxAttempts)
    }

    @Test func clientErrorsFailAtOnceAndNoDashboardIsRecognised() async throws {
        let http = FakeHTTPClient { request, _ in
            if request.url.hasSuffix("/oauth/token") { return tokenAnswer }
            if request.url.contains("/metrics") {
                return json(400, #"{"code":200,"message":"This API is only available for ZMP and Business or higher accounts that have enabled the Dashboard feature."}"#)
            }
            return json(404, #"{"code":3001,"message":"Meeting does not exist"}"#)
        }
        let client = makeClient(http)
        await #expect(throws: ZoomAPIError.dashboardUnavailable(message: "This API is only available for ZMP and Business or higher accounts that have enabled the Dashboard feature.")) {
            _ = try await client.list("/metrics/meetings", category: .resourceIntensive, of: Item.self)
        }
        await #expect(throws: ZoomAPIError.self) { _ = try await client.list("/past", category: .medium, of: Item.self) }
        #expect(http.requests(to: "/past").count == 1)
    }

    @Test func badCredentialsSayWhatToCheck() async throws {
        let http = FakeHTTPClient { _, _ in json(400, #"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#) }
        do {
            _ = try await makeClient(http).list("/x", category: .light, of: Item.self)
            Issue.record("expected a failure")
        } catch let error as ZoomAPIError {
            #expect("\(error)".contains("client_id"))
            guard case .authenticationFailed = error else { Issue.record("wrong error \(error)"); return }
        }
    }
}
