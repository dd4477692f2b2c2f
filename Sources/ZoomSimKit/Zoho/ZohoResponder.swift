import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the accounts host (`/oauth/v2/token`), the API host (`/restapi/v2/…`) and the fake's
/// own inspection routes (`/fake/…`) on one port.
struct ZohoResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let account: SharedState<ZohoAccount>
    let clock: @Sendable () -> Date

    private static let orgHeader = HTTPField.Name("ZANALYTICS-ORGID")!

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        let query = QueryParameters(request.uri.query.map { Substring($0) })
        switch (request.method, path) {
        case (.post, "/oauth/v2/token"):
            let form = QueryParameters(Substring(String(buffer: try await request.body.collect(upTo: 64 * 1024))))
            var parameters: [String: String] = [:]
            for key in ["grant_type", "client_id", "client_secret", "refresh_token"] { parameters[key] = form[key] ?? query[key] }
            let now = clock()
            return Self.json(200, account.withLock { $0.grantToken(parameters, now: now) })
        case (.get, "/fake/dump"):
            return Self.text(account.withLock { $0.dump })
        case (.get, "/fake/rows"):
            let rows = account.withLock { account in
                account.workspace(idOrName: query["workspace"] ?? "")?.tables.first { $0.name == query["table"] }?.rowDictionaries
            }
            guard let rows else { return Self.json(404, ZohoError.viewNotFound.body) }
            return Self.json(200, .array(rows.map { row in JSONValue.object(row.keys.sorted().map { ($0, JSONValue.string(row[$0]!)) }) }))
        default:
            do throws(ZohoError) {
                return Self.json(200, try await api(request, path: path, query: query))
            } catch {
                account.withLock { $0.recordError(error) }
                return Self.json(error.status, error.body)
            }
        }
    }

    private func api(_ request: Request, path: String, query: QueryParameters) async throws(ZohoError) -> JSONValue {
        guard let route = ZohoRoute.match(method: request.method, path: path) else { throw .unknownURL }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: ZohoImportBody.maxFileBytes + 1024 * 1024)
        } catch {
            throw .invalidParameter("FILE", "larger than 100 MB")
        }
        let now = clock()
        let authorization = request.headers[.authorization]
        let organization = request.headers[Self.orgHeader]
        try account.withLock { account throws(ZohoError) in
            guard account.isAuthorized(authorization, now: now) else { throw .invalidToken }
            try account.admitCall(now: now)
            if route.needsOrganization, organization != account.config.orgID { throw .orgMissing }
            if route.isImport { try account.injectImportFailure() }
        }
        switch route {
        case .organizations: return account.withLock { $0.organizations }
        case .workspaces: return account.withLock { $0.workspaceList }
        case .views(let workspace): return try account.withLock { account throws(ZohoError) in try account.views(workspace: workspace) }
        case .createTable(let workspace):
            let config = try ZohoImportConfig(json: query["CONFIG"], forNewTable: true)
            let data = try importData(body: body, request: request, query: query, config: config)
            let answer = try account.withLock { account throws(ZohoError) in
                try account.createTable(workspace: workspace, config: config, data: data, now: now)
            }
            await importLatency()
            return answer
        case .importRows(let workspace, let view):
            let config = try ZohoImportConfig(json: query["CONFIG"], forNewTable: false)
            let data = try importData(body: body, request: request, query: query, config: config)
            let answer = try account.withLock { account throws(ZohoError) in
                try account.importRows(workspace: workspace, viewID: view, config: config, data: data, now: now)
            }
            await importLatency()
            return answer
        case .deleteRows(let workspace, let view):
            // The OAS puts CONFIG in a form body; Zoho's SDKs send it in the query string.
            let configJSON = query["CONFIG"] ?? QueryParameters(Substring(String(buffer: body)))["CONFIG"]
            return try account.withLock { account throws(ZohoError) in
                try account.deleteRows(workspace: workspace, viewID: view, configJSON: configJSON)
            }
        }
    }

    /// ``FakeZohoConfig/importLatency``, after the rows are in.
    private func importLatency() async {
        let seconds = account.withLock { $0.config.importLatency }
        if seconds > 0 { try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) }
    }

    private func importData(body: ByteBuffer, request: Request, query: QueryParameters, config: ZohoImportConfig) throws(ZohoError) -> ZohoImportData {
        let text = try ZohoImportBody.text(
            body: Array(buffer: body), contentType: request.headers[.contentType], queryData: query["DATA"])
        return try ZohoImportData(text: text, config: config)
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json;charset=UTF-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.serialized())))
    }

    static func text(_ body: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
