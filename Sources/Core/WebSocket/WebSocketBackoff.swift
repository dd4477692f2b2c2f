/// Reconnect delays: exponential with full jitter (a random share of base × 2ⁿ, at least `base`,
/// at most `cap`), so a fleet of daemons that lost Zoom at once does not come back at once.
/// Deterministic for a seed: the state machine stays pure and its tests exact.
public struct WebSocketBackoff: Sendable, Equatable {
    public var baseSeconds: Double
    public var capSeconds: Double
    public private(set) var attempts = 0
    private var random: SplitMix64

    public init(baseSeconds: Double = 1, capSeconds: Double = 60, seed: UInt64) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
        self.random = SplitMix64(seed: seed)
    }

    /// The ceiling of the next delay, before jitter.
    public var ceiling: Double {
        min(capSeconds, baseSeconds * Double(1 << min(attempts, 30)))
    }

    public mutating func nextDelay() -> Double {
        let delay = max(baseSeconds, random.nextUnit() * ceiling)
        attempts += 1
        return delay
    }

    public mutating func reset() {
        attempts = 0
    }
}

/// A tiny seeded generator (Vigna's SplitMix64): enough for jitter, and Sendable and Equatable as a value.
struct SplitMix64: Sendable, Equatable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
