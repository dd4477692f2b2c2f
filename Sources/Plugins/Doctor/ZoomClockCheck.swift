import ZoomDashCore
import ZoomDashHTTPClient

/// `zoom.clock`: this machine's clock against the `Date` of Zoom's answer. Zoom signs each webhook
/// with its send time, and zoomdashd refuses those further than `[webhook] tolerance_seconds` from its
/// own clock: beyond that every event would be refused as stale.
struct ZoomClockCheck: DoctorProbe {
    static let id = "zoom.clock"
    let session: ZoomProbeSession
    let toleranceSeconds: Int

    /// Skews up to this are what NTP-less machines drift to in days: worth fixing before they grow.
    static let warningSeconds = 10.0

    func examine() async -> DoctorCheck {
        let title = "Clock against Zoom"
        guard case .success(let answer) = await session.unauthenticated() else {
            return .skipped(Self.id, title, "no answer from Zoom to compare with (see Zoom API reachable)")
        }
        guard let date = answer.response.header("date"),
            let skew = ClockSkew(dateHeader: date, sentAt: answer.sentAt, receivedAt: answer.receivedAt)
        else { return .skipped(Self.id, title, "Zoom's answer had no Date header to compare with") }
        let seconds = Int64(skew.seconds.rounded())
        let facts: [String: DoctorFact] = ["skew_seconds": .number(seconds), "tolerance_seconds": .number(Int64(toleranceSeconds))]
        let direction = seconds > 0 ? "behind" : "ahead of"
        let fix = "turn on time synchronisation (`sudo timedatectl set-ntp true` for systemd-timesyncd, or install chrony), then check with `timedatectl`"
        if skew.atLeast > Double(toleranceSeconds) {
            return .problem(
                Self.id, title,
                "this machine's clock is \(abs(seconds)) s \(direction) Zoom's (Date: \(date)): beyond [webhook] tolerance_seconds = "
                    + "\(toleranceSeconds), so every webhook would be refused as stale",
                fix: fix, facts: facts)
        }
        if skew.atLeast > Self.warningSeconds {
            return .warning(
                Self.id, title,
                "this machine's clock is \(abs(seconds)) s \(direction) Zoom's; webhooks are refused beyond \(toleranceSeconds) s", fix: fix,
                facts: facts)
        }
        return .ok(
            Self.id, title, "agrees with Zoom's to within \(Int(max(abs(skew.seconds), skew.uncertainty).rounded(.up))) s (webhooks tolerate \(toleranceSeconds) s)",
            facts: facts)
    }
}
