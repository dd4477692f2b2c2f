import Foundation

/// `[dashboard]`: the web dashboard's own listener, its accounts and what anonymous visitors see.
public struct DashboardSettings: Sendable, Hashable {
    public var enabled = true
    /// Separate from `[http] listen`, so a proxy that exposes the webhook to Zoom never exposes this.
    public var host = "127.0.0.1"
    public var port = 9466
    /// An htpasswd file of bcrypt hashes (`htpasswd -B`). Without one only a loopback listener is
    /// allowed, and everyone on the machine is let in.
    public var usersFile: String?
    /// IANA name of the zone the pages show times and days in; the system's by default.
    public var timeZone = TimeZone.current.identifier
    /// The dashboard's address as people reach it (links in chat messages), like "https://zoomdash.school.example".
    public var publicURL: String?
    /// An aggregate-only page (`/overview`) open to anyone who can reach the listener.
    public var anonymousOverview = false
    /// Whether that page names meeting topics.
    public var publicTopics = false
    /// A session ends this long after login.
    public var sessionSeconds: Int64 = 12 * 3600

    public init() {}

    public var isLoopback: Bool { Self.isLoopback(host) }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
