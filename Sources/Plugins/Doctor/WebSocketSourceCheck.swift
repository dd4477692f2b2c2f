import ZoomDashCollectors
import ZoomDashCore

/// `sources.NAME` for `type = "zoom.websocket"`: one handshake with the subscription at its URL with
/// the real token, judged by `build_connection`'s `success`. Not while a zoomdashd holds the
/// subscription's lock: Zoom keeps only the newest connection, so the check would cut the daemon's.
struct WebSocketSourceCheck: DoctorProbe {
    let name: String
    let settings: WebSocketSourceSettings
    let lockDirectory: String
    let session: ZoomProbeSession?
    var probe: @Sendable (WebSocketSourceSettings, String) async -> WebSocketHandshakeProbe.Outcome

    func examine() async -> DoctorCheck {
        let id = "sources.\(name)"
        let title = "Live source \(name) (Zoom WebSocket)"
        let facts: [String: DoctorFact] = ["url": .text(settings.url), "subscription_id": .text(settings.subscriptionID)]
        if WebSocketHandshakeProbe.heldByADaemon(settings: settings, lockDirectory: lockDirectory) {
            return .ok(
                id, title, "a zoomdashd holds this subscription (its lock in \(settings.lockDirectory ?? lockDirectory)); not connecting, as Zoom would drop the daemon's connection for this one: its /healthz and `zoomdashctl status` say whether it is live",
                facts: facts)
        }
        guard let session else {
            return .problem(id, title, "no [zoom] credentials: the socket needs the Server-to-Server app's token", fix: "set [zoom] account_id, client_id and the client secret", facts: facts)
        }
        guard case .success(let grant) = await session.grant() else {
            return .problem(id, title, "no Zoom token (see the token check above)", fix: "fix the token first; the socket uses the same one", facts: facts)
        }
        switch await probe(settings, grant.token) {
        case .accepted:
            return .ok(id, title, "Zoom accepted subscription \(settings.subscriptionID) at \(settings.url) (build_connection success) with the REST client's token", facts: facts)
        case .acceptedThenReplaced(let detail):
            return .warning(
                id, title, "Zoom accepted the subscription, then closed this connection at once (\(detail)): another client holds it and took it back (Zoom keeps the newest)",
                fix: "find the other client (a second zoomdashd, a test script) on subscription \(settings.subscriptionID) and stop it: the two would take it from each other and each miss events",
                facts: facts)
        case .rejected(let content) where WebSocketFailure.isTokenComplaint(content):
            return .problem(
                id, title, "Zoom rejected the token on the socket: \"\(content)\"",
                fix: "the event subscription must belong to this Server-to-Server OAuth app (App Marketplace → the app → Features → Event subscriptions); if it does, try token_grant = \"client_credentials\" in [sources.\(name)]",
                facts: facts)
        case .rejected(let content):
            return .problem(
                id, title, "Zoom refused subscription \(settings.subscriptionID): \"\(content)\"",
                fix: "copy the subscriptionId from the endpoint URL the Marketplace shows for the WebSocket subscription (or paste the whole URL as subscription_id), and check that its method is WebSocket",
                facts: facts)
        case .noHandshake(let detail):
            return .problem(
                id, title, "connected to \(settings.url) but got no build_connection (\(detail))",
                fix: "check that url is Zoom's WebSocket endpoint (wss://ws.zoom.us/ws) and that no proxy answers instead", facts: facts)
        case .unreachable(let detail):
            return .problem(
                id, title, "cannot open \(settings.url): \(detail)",
                fix: "check DNS, the firewall (outbound TCP 443 to ws.zoom.us) and any TLS-intercepting proxy", facts: facts)
        }
    }
}
