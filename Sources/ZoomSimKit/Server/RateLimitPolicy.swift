/// Zoom's rate-limit labels (docs/zoom-api-notes.md §5.1).
public enum RateLimitCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case light = "Light"
    case medium = "Medium"
    case heavy = "Heavy"
    case resourceIntensive = "Resource-intensive"

    /// Heavy and Resource-intensive calls share the plan's daily cap.
    var countsTowardDailyCap: Bool { self == .heavy || self == .resourceIntensive }
}

/// The limits of one plan, after `rateLimitScale` and `dailyLimit` overrides.
struct RateLimitPolicy: Sendable {
    let plan: ZoomPlan
    let scale: Double
    let dailyOverride: Int?

    /// Requests allowed per fixed window of `windowSeconds(for:)`.
    func limit(for category: RateLimitCategory) -> Int {
        let base: Int = switch (plan, category) {
        case (.pro, .light): 30
        case (.pro, .medium): 20
        case (.pro, .heavy): 10
        case (.pro, .resourceIntensive): 10
        case (_, .light): 80
        case (_, .medium): 60
        case (_, .heavy): 40
        case (_, .resourceIntensive): 20
        }
        return max(1, Int((Double(base) * scale).rounded(.down)))
    }

    /// One second, except Resource-intensive which is counted per minute.
    func windowSeconds(for category: RateLimitCategory) -> Int {
        category == .resourceIntensive ? 60 : 1
    }

    var dailyCap: Int {
        dailyOverride ?? (plan == .pro ? 30_000 : 60_000)
    }
}
