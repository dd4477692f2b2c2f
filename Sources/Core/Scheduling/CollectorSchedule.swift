/// `[collectors.NAME]`: when a polling collector runs.
public struct CollectorSchedule: Sendable, Hashable {
    public var enabled = true
    public var intervalSeconds: Int64 = 900
    /// How far back each run looks for meetings (Zoom lists a meeting only once it has ended).
    public var lookbackSeconds: Int64 = 6 * 3600
    public init(lookbackSeconds: Int64 = 6 * 3600) {
        self.lookbackSeconds = lookbackSeconds
    }
}
