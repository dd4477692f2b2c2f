/// Deterministic 5xx injection: whether call number n fails depends only on (seed, n).
struct FailureInjector: Sendable {
    let rate: Double
    let seed: UInt64

    func injectedStatus(forCall number: Int) -> Int? {
        guard rate > 0 else { return nil }
        let hash = SeededRandom.mix(seed ^ SeededRandom.mix(UInt64(number) &+ 0x5151))
        guard Double(hash >> 11) * 0x1.0p-53 < rate else { return nil }
        return [500, 502, 503][Int(hash % 3)]
    }

    static func body(for status: Int) -> JSONValue {
        let message = switch status {
        case 502: "Bad Gateway"
        case 503: "Service Unavailable. Please try again later."
        default: "Internal Server Error"
        }
        return APIError(status: status, code: status, message: message).body
    }
}
