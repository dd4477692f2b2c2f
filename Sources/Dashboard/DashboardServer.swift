import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ZoomDashConfiguration
import ZoomDashCore

/// The dashboard's HTTP surface on its own listener: pages, the JSON API, assets, login and logout.
public enum DashboardServer {
    static let cookieName = "zoomdash_session"

    public static func router(api: DashboardAPI, access: DashboardAccess, logger: Logger) -> Router<DashboardRequestContext> {
        let router = Router(context: DashboardRequestContext.self)
        router.add(middleware: SecurityHeaders())
        let settings = api.settings

        router.get("/assets/:file") { _, context -> Response in
            guard let name = context.parameters.get("file"), let file = Assets.files[name] else { throw HTTPError(.notFound) }
            return Response(
                status: .ok, headers: [.contentType: file.contentType, .cacheControl: "max-age=300"],
                body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }

        router.get("/login") { request, _ -> Response in
            html(.ok, Page.login(error: nil, next: safeNext(request.uri.queryParameters["next"].map(String.init))))
        }
        router.post("/login") { request, context -> Response in
            let body = try await request.body.collect(upTo: 16_384)
            let form = FormBody.parse(String(buffer: body))
            let next = safeNext(form["next"])
            let user = form["username"] ?? ""
            guard access.requiresLogin else { return redirect(next) }
            switch await access.check(user: user, password: form["password"] ?? "", client: client(request, context), now: api.now()) {
            case .ok:
                let (token, session) = await access.sessions.create(user: user, now: api.now())
                logger.info("dashboard login", metadata: ["dashboard.user": "\(user)", "dashboard.client": "\(client(request, context))"])
                var response = redirect(next)
                let secure = isSecure(request, settings) ? "; Secure" : ""
                response.headers[.setCookie] =
                    "\(cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(session.expires - api.now())\(secure)"
                return response
            case .wrong:
                return html(.unauthorized, Page.login(error: "Wrong user name or password.", next: next, user: user))
            case .wait(let seconds):
                var response = html(
                    .tooManyRequests, Page.login(error: "Too many failed logins from here; try again in \(seconds) s.", next: next, user: user))
                response.headers[.retryAfter] = "\(seconds)"
                return response
            }
        }
        router.post("/logout") { request, _ -> Response in
            if let token = cookie(request) { await access.sessions.end(token: token) }
            var response = redirect(access.requiresLogin ? "/login" : "/")
            response.headers[.setCookie] = "\(cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
            return response
        }

        let pages: [(String, Page)] = [
            ("/", .days), ("/today", .today), ("/incidents", .incidents), ("/people", .people), ("/rooms", .rooms), ("/health", .health),
        ]
        for (path, page) in pages {
            router.get(RouterPath(path)) { request, context in
                try await pageResponse(page, id: "", request, context, api: api, access: access)
            }
        }
        router.get("/incidents/:id") { request, context in
            try await pageResponse(.incident, id: context.parameters.get("id") ?? "", request, context, api: api, access: access)
        }
        router.get("/meetings/:uuid") { request, context in
            let raw = context.parameters.get("uuid") ?? ""
            return try await pageResponse(.meeting, id: raw.removingPercentEncoding ?? raw, request, context, api: api, access: access)
        }
        router.get("/overview") { request, context in
            let viewer = await viewer(request, context, api: api, access: access)
            if viewer == .nobody && !settings.anonymousOverview { return redirect("/login?next=%2Foverview") }
            return html(.ok, Page.overview.shell(user: viewer.name, timeZone: api.calendar.identifier))
        }

        router.get("/api/v1/**") { request, context -> Response in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            let viewer = await viewer(request, context, api: api, access: access)
            if viewer == .nobody && !(settings.anonymousOverview && path == "overview") {
                var response = json(.error(401, "log in first: a session from /login, or HTTP Basic with an account of the users file"))
                // Only for scripts: a page's fetch that met this would make the browser ask for a password itself.
                if request.headers[.init("Sec-Fetch-Mode")!] == nil {
                    response.headers[.wwwAuthenticate] = "Basic realm=\"ZoomDash\", charset=\"UTF-8\""
                }
                return response
            }
            var query: [String: String] = [:]
            for (name, value) in request.uri.queryParameters { query[String(name)] = String(value).removingPercentEncoding ?? String(value) }
            let answer = await api.answer(path: path, query: QueryParameters(query), anonymous: viewer == .nobody)
            return json(answer)
        }
        return router
    }

    /// The dashboard as a service of the daemon's group.
    public static func application(
        api: DashboardAPI, access: DashboardAccess, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        Application(
            router: router(api: api, access: access, logger: logger),
            configuration: ApplicationConfiguration(address: .hostname(api.settings.host, port: api.settings.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? api.settings.port) },
            logger: logger)
    }

    private static func pageResponse(
        _ page: Page, id: String, _ request: Request, _ context: DashboardRequestContext, api: DashboardAPI, access: DashboardAccess
    ) async throws -> Response {
        let viewer = await viewer(request, context, api: api, access: access)
        if viewer == .nobody {
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return redirect("/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"))
        }
        return html(.ok, page.shell(id: id, user: viewer.name, timeZone: api.calendar.identifier))
    }

    private static func viewer(_ request: Request, _ context: DashboardRequestContext, api: DashboardAPI, access: DashboardAccess) async
        -> DashboardAccess.Viewer
    {
        await access.viewer(cookie: cookie(request), authorization: request.headers[.authorization], client: client(request, context), now: api.now())
    }

    static func cookie(_ request: Request) -> String? {
        for field in request.headers[values: .cookie] {
            for part in field.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(cookieName + "=") { return String(pair.dropFirst(cookieName.count + 1)) }
            }
        }
        return nil
    }

    /// The client's address; behind a proxy on this machine, the one it forwards.
    static func client(_ request: Request, _ context: DashboardRequestContext) -> String {
        let direct: String
        switch context.remoteAddress {
        case .v4(let address)?: direct = address.host
        case .v6(let address)?: direct = address.host
        default: direct = "unknown"
        }
        if direct == "127.0.0.1" || direct == "::1", let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").last {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return direct
    }

    static func isSecure(_ request: Request, _ settings: DashboardSettings) -> Bool {
        request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https" || settings.publicURL?.hasPrefix("https://") == true
    }

    /// Only a path of this site: never another origin (`//evil.example`, `https://…`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/login") else { return "/" }
        return next
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ answer: APIAnswer) -> Response {
        var headers: HTTPFields = [.contentType: answer.contentType]
        if let filename = answer.filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
