import ZoomDashCore

/// The `Date` field of an answer, made once a second: the router's answers carry one, and an origin
/// server with a clock must send it (RFC 9110).
struct HTTPDate {
    private var second: Int64 = .min
    private var text = ""

    mutating func text(at now: Int64) -> String {
        if now != second {
            second = now
            text = ZoomTime.httpDate(now)
        }
        return text
    }
}
