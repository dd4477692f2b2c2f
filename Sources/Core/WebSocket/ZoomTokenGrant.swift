/// Which OAuth grant a Zoom token comes from. The REST API needs the Server-to-Server app's
/// `account_credentials` token; Zoom's WebSocket documentation names `client_credentials` (an
/// app-level token) while every working client uses the account token, so the socket starts with
/// its configured grant and tries the other once when Zoom rejects the first (docs/websocket.md).
public enum ZoomTokenGrant: String, Sendable, Hashable, CaseIterable {
    case accountCredentials = "account_credentials"
    case clientCredentials = "client_credentials"

    public var other: ZoomTokenGrant {
        self == .accountCredentials ? .clientCredentials : .accountCredentials
    }
}
