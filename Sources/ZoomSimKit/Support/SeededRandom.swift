/// SplitMix64 pseudo-random generator.
///
/// The simulator must produce the same scenario for the same seed on every machine and every
/// Swift version, so it never uses `SystemRandomNumberGenerator` nor the standard library's
/// `random(in:using:)` helpers (whose algorithms are not promised to stay stable). All helpers
/// below are implemented here with fixed arithmetic.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    /// An independent stream for one entity (a meeting, a host, ...), so that adding a meeting
    /// does not shift the random numbers of every other meeting.
    public init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        self.state = SeededRandom.mix(seed ^ SeededRandom.mix(stream &* 0x9E37_79B9_7F4A_7C15 &+ index))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededRandom.mix(state)
    }

    /// The SplitMix64 finaliser; also used as a stateless hash of counters.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform integer in `range` (multiply-shift; the bias is below 2^-40 for our ranges).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int(bitPattern: UInt(next())) }
        let (high, _) = next().multipliedFullWidth(by: span)
        return range.lowerBound + Int(high)
    }

    /// Uniform double in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    public mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[int(in: 0...(elements.count - 1))]
    }

    /// Fisher–Yates shuffle with our own index draws.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(index, int(in: 0...index))
        }
    }

    public mutating func shuffled<Element>(_ elements: [Element]) -> [Element] {
        var copy = elements
        shuffle(&copy)
        return copy
    }
}
