/// Zoom's rate-limit label of an endpoint (docs/zoom-api-notes.md §5.1).
public enum RateCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case light = "Light"
    case medium = "Medium"
    case heavy = "Heavy"
    case resourceIntensive = "Resource-intensive"

    /// A lowercase, label-safe name for metrics and logs.
    public var slug: String {
        switch self {
        case .light: "light"
        case .medium: "medium"
        case .heavy: "heavy"
        case .resourceIntensive: "resource_intensive"
        }
    }

    /// Heavy and Resource-intensive calls share one daily cap.
    public var countsTowardsDailyCap: Bool { self == .heavy || self == .resourceIntensive }
}

/// The account's plan, which sets Zoom's request limits.
public enum ZoomPlan: String, Sendable, Hashable, CaseIterable, Codable {
    case pro
    case business
    case enterprise

    /// Requests allowed per `period` for a category.
    public struct Limit: Sendable, Hashable {
        public var requests: Int
        public var periodSeconds: Double

        public init(requests: Int, periodSeconds: Double) {
            self.requests = requests
            self.periodSeconds = periodSeconds
        }
    }

    public func limit(for category: RateCategory) -> Limit {
        switch (self, category) {
        case (.pro, .light): Limit(requests: 30, periodSeconds: 1)
        case (.pro, .medium): Limit(requests: 20, periodSeconds: 1)
        case (.pro, .heavy): Limit(requests: 10, periodSeconds: 1)
        case (.pro, .resourceIntensive): Limit(requests: 10, periodSeconds: 60)
        case (_, .light): Limit(requests: 80, periodSeconds: 1)
        case (_, .medium): Limit(requests: 60, periodSeconds: 1)
        case (_, .heavy): Limit(requests: 40, periodSeconds: 1)
        case (_, .resourceIntensive): Limit(requests: 20, periodSeconds: 60)
        }
    }

    /// Daily cap on Heavy + Resource-intensive requests together.
    public var dailyHeavyCap: Int { self == .pro ? 30_000 : 60_000 }
}
