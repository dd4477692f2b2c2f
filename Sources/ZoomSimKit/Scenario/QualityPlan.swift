/// The call quality (QoS) the generator decided for the scenario. Only which minutes are poor
/// and a few per-connection facts are stored; the figures of each sample are redrawn on request
/// from a hash (see `QoSSampleRenderer`), so a month of minutes costs no memory.
struct QualityPlan: Sendable {
    /// Parallel to `Scenario.meetings`.
    var meetings: [MeetingQualityPlan] = []
    /// Parallel to `ScenarioPlan.collectives`.
    var collectiveCauses: [CollectiveCause] = []
}

struct MeetingQualityPlan: Sendable {
    /// False for the few class meetings Zoom has no QoS for: every `user_qos` is `[]`.
    let hasData: Bool
    let spelling: QoSUnitSpelling
    /// Per record of the meeting (same order): the poor minutes (epoch seconds, multiples of 60).
    let poorMinutes: [Set<Int>]
    /// Per record: the camera is off for the whole connection (`video_input` values are "-").
    let cameraOff: [Bool]
    /// Minutes in which the host shares the screen (`as_input`/`as_output` carry values).
    let sharingMinutes: Set<Int>
}

/// Why a collective drop happened, as far as the QoS can tell.
enum CollectiveCause: String, Sendable, Hashable {
    case localNetwork = "local_network"
    case zoomOrShared = "zoom_or_shared"
    /// A meeting without QoS data: nothing to tell from.
    case unknown
}

/// Zoom changed how it spells units; each meeting uses one of the two.
enum QoSUnitSpelling: Sendable, Hashable {
    /// Newer: "27.15 kbps", "126 ms", "12 fps", "0.4%".
    case spaced
    /// Older (2022 spec): "27.15kbps", "126ms", "12fps", "0.4%".
    case compact

    private var gap: String { self == .spaced ? " " : "" }

    func kbps(hundredths value: Int) -> String { Self.decimal(value, places: 2) + gap + "kbps" }
    func ms(_ value: Int) -> String { String(value) + gap + "ms" }
    func fps(_ value: Int) -> String { String(value) + gap + "fps" }

    /// Zoom never puts a space before "%".
    static func percent(_ value: Int, places: Int) -> String { decimal(value, places: places) + "%" }

    /// Fixed-point text of `value / 10^places` without going through floating point.
    static func decimal(_ value: Int, places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let fraction = String(value % scale)
        return "\(value / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

extension ParticipantRecord {
    /// The minutes Zoom has a sample for: every whole minute M with join ≤ M < leave.
    var sampleMinutes: StrideTo<Int> {
        let join = joinTime.epochSeconds
        return stride(from: -UTCTime.floorDiv(-join, 60) * 60, to: leaveTime.epochSeconds, by: 60)
    }

    func hasSample(at minute: Int) -> Bool {
        joinTime.epochSeconds <= minute && minute < leaveTime.epochSeconds
    }
}
