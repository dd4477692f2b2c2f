import Foundation

/// A user of the simulated Zoom account (`GET /v2/users`). Teachers host the classes.
public struct SimUser: Sendable, Hashable, Codable {
    /// 22-character Zoom user id.
    public let id: String
    public let firstName: String
    public let lastName: String
    public let email: String
    /// Zoom user type: 1 basic, 2 licensed.
    public let type: Int
    public let personalMeetingID: Int64
    public let isHost: Bool
    public let department: String
    public let createdAt: Date

    public var displayName: String { "\(firstName) \(lastName)" }
}
