import Foundation
import Testing
import ZoomSimKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A tiny Zoho v2 client: token grant, then calls with the Zoho-oauthtoken and org headers.
private struct ZohoTestClient {
    struct Reply: @unchecked Sendable {
        let status: Int
        let json: [String: Any]
        var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
        var errorCode: Int? { data["errorCode"] as? Int }
        var importSummary: [String: Any] { data["importSummary"] as? [String: Any] ?? [:] }
    }

    let base: String
    var token = ""
    var orgID: String? = "60001234"
    static let workspace = "1767000000001"

    func send(_ method: String, _ pathAndQuery: String, headers: [String: String] = [:], body: Data? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + pathAndQuery)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Reply(status: http.statusCode, json: (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    func grant(_ parameters: String = "grant_type=refresh_token&client_id=zoho-client&client_secret=zoho-secret&refresh_token=zoho-refresh") async throws -> Reply {
        try await send("POST", "/oauth/v2/token?" + parameters)
    }

    mutating func authorize() async throws {
        token = try #require(try await grant().json["access_token"] as? String)
    }

    func call(_ method: String, _ path: String, config: [String: Any]? = nil, csv: String? = nil) async throws -> Reply {
        var headers = ["Authorization": "Zoho-oauthtoken \(token)"]
        if let orgID { headers["ZANALYTICS-ORGID"] = orgID }
        var pathAndQuery = path
        if let config {
            let json = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
            pathAndQuery += "?CONFIG=" + PercentEncoding.encode(json)
        }
        var body: Data?
        if let csv {
            let boundary = "----zoomdash\"boundary"
            headers["Content-Type"] = "multipart/form-data; boundary=\"\(boundary)\""
            body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"FILE\"; filename=\"rows.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n".utf8)
        }
        return try await send(method, pathAndQuery, headers: headers, body: body)
    }

    func createTable(_ name: String, csv: String, extra: [String: Any] = [:]) async throws -> Reply {
        let config = ["tableName": name, "fileType": "csv", "autoIdentify": true].merging(extra) { $1 }
        return try await call("POST", "/restapi/v2/workspaces/\(Self.workspace)/data", config: config, csv: csv)
    }

    func importRows(_ view: String, csv: String, _ config: [String: Any]) async throws -> Reply {
        let full = ["fileType": "csv", "autoIdentify": true].merging(config) { $1 }
        return try await call("POST", "/restapi/v2/workspaces/\(Self.workspace)/views/\(view)/data", config: full, csv: csv)
    }
}

@Suite struct FakeZohoTests {
    static let start = Date(timeIntervalSince1970: 1_742_472_000)  // 2025-03-20T12:00:00Z, a minute boundary

    @Test func tokenGrantAndItsHTTP200Errors() async throws {
        let zoho = FakeZoho()
        try await zoho.withRunningServer { base in
            let client = ZohoTestClient(base: base)
            let granted = try await client.grant()
            #expect(granted.status == 200)
            #expect((granted.json["access_token"] as? String)?.hasPrefix("1000.") == true)
            #expect(granted.json["token_type"] as? String == "Bearer")
            #expect(granted.json["expires_in"] as? Int == 3600)
            #expect(granted.json["api_domain"] as? String == "https://www.zohoapis.com")
            let form = try await client.send(
                "POST", "/oauth/v2/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Data("grant_type=refresh_token&client_id=zoho-client&client_secret=zoho-secret&refresh_token=zoho-refresh".utf8))
            #expect(form.json["access_token"] != nil)
            for (parameters, error) in [
                ("grant_type=refresh_token&client_id=zoho-client&client_secret=wrong&refresh_token=zoho-refresh", "invalid_client"),
                ("grant_type=refresh_token&client_id=zoho-client&client_secret=zoho-secret&refresh_token=revoked", "invalid_code"),
                ("grant_type=client_credentials&client_id=zoho-client&client_secret=zoho-secret", "unsupported_grant_type"),
            ] {
                let reply = try await client.grant(parameters)
                #expect(reply.status == 200)
                #expect(reply.json["error"] as? String == error)
            }
            for _ in 0..<8 { #expect(try await client.grant().json["access_token"] != nil) }
            let throttled = try await client.grant()
            #expect(throttled.status == 200)
            #expect(throttled.json["error"] as? String == "Access Denied")
        }
        #expect(zoho.stats.tokensIssued == 10)
    }

    @Test func expiredInvalidatedOrBearerTokensGet8535() async throws {
        let clock = ZoomSimTestClock(Self.start)
        let zoho = FakeZoho(config: FakeZohoConfig(invalidateTokensAfter: 2, clock: { clock.now() }))
        try await zoho.withRunningServer { base in
            var client = ZohoTestClient(base: base)
            try await client.authorize()
            let bearer = try await client.send("GET", "/restapi/v2/orgs", headers: ["Authorization": "Bearer \(client.token)"])
            #expect(bearer.status == 401)
            #expect(bearer.json["summary"] as? String == "INVALID_OAUTHTOKEN")
            #expect(try await client.call("GET", "/restapi/v2/orgs").status == 200)
            #expect(try await client.call("GET", "/restapi/v2/workspaces").status == 200)
            let invalidated = try await client.call("GET", "/restapi/v2/orgs")
            #expect(invalidated.status == 401)
            #expect(invalidated.errorCode == 8535)
            try await client.authorize()
            #expect(try await client.call("GET", "/restapi/v2/orgs").status == 200)
            clock.advance(3600)
            #expect(try await client.call("GET", "/restapi/v2/orgs").errorCode == 8535)
        }
        #expect(zoho.stats.errorsByCode[8535] == 3)
    }

    @Test func discoveryShapesAndOrgHeaderOnImports() async throws {
        let zoho = FakeZoho()
        try await zoho.withRunningServer { base in
            var client = ZohoTestClient(base: base)
            try await client.authorize()
            let orgs = try await client.call("GET", "/restapi/v2/orgs")
            #expect((orgs.data["orgs"] as? [[String: Any]])?.first?["orgId"] as? String == "60001234")
            client.orgID = nil
            let workspaces = try await client.call("GET", "/restapi/v2/workspaces")
            let owned = try #require(workspaces.data["ownedWorkspaces"] as? [[String: Any]])
            #expect(owned.first?["workspaceId"] as? String == "1767000000001")
            #expect(owned.first?["workspaceName"] as? String == "ZoomDash")
            #expect(owned.first?["orgId"] as? String == "60001234")
            #expect((workspaces.data["sharedWorkspaces"] as? [Any])?.isEmpty == true)
            #expect(try await client.call("GET", "/restapi/v2/workspaces/999/views").errorCode == 7103)
            let withoutOrg = try await client.createTable("t", csv: "a\n1")
            #expect(withoutOrg.status == 400)
            #expect(withoutOrg.errorCode == 8083)
            #expect(withoutOrg.json["status"] as? String == "failure")
            client.orgID = "60001234"
            let created = try await client.createTable("t", csv: "a\n1")
            let views = try await client.call("GET", "/restapi/v2/workspaces/1767000000001/views")
            let view = try #require((views.data["views"] as? [[String: Any]])?.first)
            #expect(view["viewId"] as? String == created.data["viewId"] as? String)
            #expect(view["viewName"] as? String == "t")
            #expect(view["viewType"] as? String == "Table")
            #expect(try await client.createTable("t", csv: "a\n2").errorCode == 7111)
        }
    }

    @Test func createWithColumnTypesThenUpdateAddTwiceKeepsOneRowPerKey() async throws {
        let zoho = FakeZoho()
        try await zoho.withRunningServer { base in
            var client = ZohoTestClient(base: base)
            try await client.authorize()
            let created = try await client.createTable(
                "episodes", csv: "episode_id,started,seconds\r\ne1,2026-11-20 09:01:02,40\r\n",
                extra: [
                    "dateFormat": "yyyy-MM-dd HH:mm:ss",
                    "columnDataTypes": [["columnName": "episode_id", "dataType": "PLAIN"], ["columnName": "seconds", "dataType": "DECIMAL_NUMBER"]],
                ])
            #expect(created.status == 200)
            #expect(created.importSummary["importOperation"] as? String == "created")
            #expect(created.importSummary["importType"] as? String == "APPEND")
            #expect((created.data["columnDetails"] as? [String: String]) == ["episode_id": "Plain Text", "started": "Date", "seconds": "Decimal Number"])
            let view = try #require(created.data["viewId"] as? String)
            let batch = "episode_id,seconds,started\ne1,41.5,2026-11-20 09:01:02\ne2,3,2026-11-20 10:00:00\n"
            for _ in 0..<2 {
                let reply = try await client.importRows(view, csv: batch, ["importType": "updateadd", "matchingColumns": ["episode_id"]])
                #expect(reply.importSummary["successRowCount"] as? Int == 2)
                #expect(reply.importSummary["importOperation"] as? String == "updated")
                #expect(reply.importSummary["importType"] as? String == "UPDATEADD")
            }
            #expect(try await client.importRows(view, csv: batch, ["importType": "updateadd"]).errorCode == 8504)
        }
        let rows = zoho.rows(workspace: "ZoomDash", table: "episodes")
        #expect(rows == [
            ["episode_id": "e1", "started": "2026-11-20 09:01:02", "seconds": "41.5"],
            ["episode_id": "e2", "started": "2026-11-20 10:00:00", "seconds": "3"],
        ])
        #expect(zoho.tables(workspace: "1767000000001")["episodes"]?.map(\.type) == ["PLAIN", "DATE", "DECIMAL_NUMBER"])
        // 10 units for the create, 15 for each updateadd of up to 1,000 rows.
        #expect(zoho.stats.unitsUsed == 40)
        #expect(zoho.stats.imports == 3)
    }

    @Test func deleteByCriteriaAndAllRows() async throws {
        let zoho = FakeZoho()
        try await zoho.withRunningServer { base in
            var client = ZohoTestClient(base: base)
            try await client.authorize()
            let created = try await client.createTable("t", csv: "id,site,n\na,North,1\nb,South,2\nc,North,3\nd,East,12\n")
            let view = try #require(created.data["viewId"] as? String)
            let rowsPath = "/restapi/v2/workspaces/1767000000001/views/\(view)/rows"
            let byCriteria = try await client.call("DELETE", rowsPath, config: ["criteria": #""t"."site"='North' and "n"=3"#])
            #expect(byCriteria.data["deletedRows"] as? Int == 1)
            let byList = try await client.call("DELETE", rowsPath, config: ["criteria": #""id" in ('a','zz') or "n"=12"#])
            #expect(byList.data["deletedRows"] as? Int == 2)
            #expect(zoho.rows(workspace: "ZoomDash", table: "t").map { $0["id"] } == ["b"])
            #expect(try await client.call("DELETE", rowsPath, config: ["criteria": #""nope"='x'"#]).errorCode == 8516)
            #expect(try await client.call("DELETE", rowsPath, config: ["deleteAllRows": true]).data["deletedRows"] as? Int == 1)
            #expect(try await client.call("DELETE", rowsPath).errorCode == 8504)
        }
    }

    @Test func perMinuteLimitAnswers6045UntilTheNextMinute() async throws {
        let clock = ZoomSimTestClock(Self.start)
        let zoho = FakeZoho(config: FakeZohoConfig(perMinuteLimit: 3, clock: { clock.now() }))
        try await zoho.withRunningServer { base in
            var client = ZohoTestClient(base: base)
            try await client.authorize()
            for _ in 0..<3 { #expect(try await client.call("GET", "/restapi/v2/orgs").status == 200) }
            let limited = try await client.call("GET", "/restapi/v2/orgs")
            #expect(limited.errorCode == 6045)
            #expect(limited.status == 429)
            clock.advance(60)
            #expect(try await client.call("GET", "/restapi/v2/orgs").status == 200)
        }
        #expect(zoho.stats.calls == 4)
        #expect(zoho.stats.errorsByCode == [6045: 1])
    }

    @Test func dailyUnitsRunOutWith6044AndNothingIsImported() async throws {
        let zoho = FakeZoho(config: FakeZohoConfig(dailyUnits: 25))
        try await zoho.withRunningServer { base in
            var client = ZohoTestClient(base: base)
            try await client.authorize()
            let view = try #require(try await client.createTable("t", csv: "id\n1\n").data["viewId"] as? String)
            #expect(try await client.importRows(view, csv: "id\n2\n", ["importType": "append"]).status == 200)
            let exhausted = try await client.importRows(view, csv: "id\n3\n", ["importType": "append"])
            #expect(exhausted.errorCode == 6044)
            #expect((exhausted.data["errorMessage"] as? String)?.contains("daily limit") == true)
        }
        #expect(zoho.rows(workspace: "ZoomDash", table: "t").map { $0["id"] } == ["1", "2"])
        #expect(zoho.stats.unitsUsed == 20)
    }

    @Test func csvQuotingEdgeCasesSurviveTheImport() async throws {
        let zoho = FakeZoho()
        try await zoho.withRunningServer { base in
            var client = ZohoTestClient(base: base)
            try await client.authorize()
            let csv = "id,note\r\n1,\"comma, inside\"\r\n2,\"doubled \"\"quotes\"\"\"\r\n3,\"line\r\nbreak\"\r\n4,\r\n\r\n5,plain\n"
            let reply = try await client.createTable("notes", csv: csv)
            #expect(reply.importSummary["totalRowCount"] as? Int == 5)
            #expect(try await client.createTable("broken", csv: "id,note\n1,\"never closed\n").errorCode == 7249)
        }
        #expect(zoho.rows(workspace: "ZoomDash", table: "notes").map { $0["note"] } == [
            "comma, inside", "doubled \"quotes\"", "line\r\nbreak", "", "plain",
        ])
    }

    @Test func onErrorModesAndColumnMatching() async throws {
        let zoho = FakeZoho()
        try await zoho.withRunningServer { base in
            var client = ZohoTestClient(base: base)
            try await client.authorize()
            let view = try #require(
                try await client.createTable(
                    "m", csv: "id,count,at\nx,1,2026-01-01 00:00:00\n",
                    extra: ["columnDataTypes": [["columnName": "count", "dataType": "NUMBER"], ["columnName": "at", "dataType": "DATE"]]]
                ).data["viewId"] as? String)
            let bad = "id,count,at,unknown\na,2,2026-01-02 00:00:00,u\nb,two,2026-01-02 00:00:00,u\nc,3,2026-02-30 00:00:00,u\n"
            let aborted = try await client.importRows(view, csv: bad, ["importType": "append", "dateFormat": "yyyy-MM-dd HH:mm:ss"])
            #expect(aborted.errorCode == 7507)
            #expect(zoho.rows(workspace: "ZoomDash", table: "m").count == 1)

            let skipped = try await client.importRows(
                view, csv: bad, ["importType": "append", "onError": "skiprow", "dateFormat": "yyyy-MM-dd HH:mm:ss"])
            #expect(skipped.importSummary["totalRowCount"] as? Int == 3)
            #expect(skipped.importSummary["successRowCount"] as? Int == 1)
            #expect(skipped.importSummary["selectedColumnCount"] as? Int == 3)
            #expect((skipped.data["importErrors"] as? String)?.split(separator: "\n").count == 2)

            let emptied = try await client.importRows(
                view, csv: bad, ["importType": "truncateadd", "onError": "setcolumnempty", "dateFormat": "yyyy-MM-dd HH:mm:ss"])
            #expect(emptied.importSummary["successRowCount"] as? Int == 3)
            #expect(emptied.importSummary["warnings"] as? Int == 3)  // two emptied cells, one ignored column
            #expect(try await client.importRows(view, csv: "other\n1\n", ["importType": "append"]).errorCode == 7235)
        }
        #expect(zoho.rows(workspace: "ZoomDash", table: "m") == [
            ["id": "a", "count": "2", "at": "2026-01-02 00:00:00"],
            ["id": "b", "count": "", "at": "2026-01-02 00:00:00"],
            ["id": "c", "count": "3", "at": ""],
        ])
    }

    @Test func multipartBodiesAreParsedAndOthersRefused() async throws {
        let zoho = FakeZoho(config: FakeZohoConfig(failFirstImports: 1))
        try await zoho.withRunningServer { base in
            var client = ZohoTestClient(base: base)
            try await client.authorize()
            let injected = try await client.createTable("t", csv: "id\n1\n")
            #expect(injected.status == 500)
            #expect(injected.errorCode == 7005)
            let config = PercentEncoding.encode(#"{"tableName":"t","fileType":"csv","autoIdentify":true}"#)
            let path = "/restapi/v2/workspaces/1767000000001/data?CONFIG=" + config
            let headers = ["Authorization": "Zoho-oauthtoken \(client.token)", "ZANALYTICS-ORGID": "60001234"]
            // A DATA text part after an unrelated field, with an unquoted boundary and a body containing "--".
            let body = "preamble\r\n--b0undary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n"
                + "--b0undary\r\nContent-Disposition: form-data; name=\"DATA\"\r\n\r\nid,text\r\n1,a--b0undar\r\n--b0undary--\r\n"
            let multipart = try await client.send(
                "POST", path, headers: headers.merging(["Content-Type": "multipart/form-data; boundary=b0undary"]) { $1 }, body: Data(body.utf8))
            #expect(multipart.importSummary["successRowCount"] as? Int == 1)
            let json = try await client.send(
                "POST", path.replacingOccurrences(of: "t%22", with: "u%22"),
                headers: headers.merging(["Content-Type": "application/json"]) { $1 }, body: Data("[]".utf8))
            #expect(json.errorCode == 7248)
            let truncated = try await client.send(
                "POST", path, headers: headers.merging(["Content-Type": "multipart/form-data; boundary=x"]) { $1 },
                body: Data("--x\r\nContent-Disposition: form-data; name=\"FILE\"\r\n\r\nid\n1".utf8))
            #expect(truncated.errorCode == 7248)
        }
        #expect(zoho.rows(workspace: "ZoomDash", table: "t") == [["id": "1", "text": "a--b0undar"]])
        #expect(zoho.dump.contains("table t ("))
    }
}
