import Foundation

/// Lookup tables over an immutable scenario, plus Zoom's visibility rules.
struct ScenarioIndex: Sendable {
    let scenario: Scenario
    private let byUUID: [String: Int]
    private let instancesByID: [Int64: [Int]]
    private let byHostID: [String: [Int]]
    private let usersByKey: [String: Int]

    init(scenario: Scenario) {
        self.scenario = scenario
        var byUUID: [String: Int] = [:]
        var instancesByID: [Int64: [Int]] = [:]
        var byHostID: [String: [Int]] = [:]
        for (index, meeting) in scenario.meetings.enumerated() {
            byUUID[meeting.uuid] = index
            instancesByID[meeting.id, default: []].append(index)
            byHostID[meeting.hostID, default: []].append(index)
        }
        var usersByKey: [String: Int] = [:]
        for (index, user) in scenario.users.enumerated() {
            usersByKey[user.id] = index
            usersByKey[user.email.lowercased()] = index
        }
        self.byUUID = byUUID
        self.instancesByID = instancesByID
        self.byHostID = byHostID
        self.usersByKey = usersByKey
    }

    var users: [SimUser] { scenario.users }

    func user(idOrEmail: String) -> SimUser? {
        (usersByKey[idOrEmail] ?? usersByKey[idOrEmail.lowercased()]).map { scenario.users[$0] }
    }

    /// Meetings that have ended by `now` (the only ones past-meeting APIs can see).
    func endedMeetings(now: Date) -> [SimMeeting] {
        scenario.meetings.filter { $0.end <= now }
    }

    /// Meetings in progress at `now` (Dashboard `type=live`).
    func liveMeetings(now: Date) -> [SimMeeting] {
        scenario.meetings.filter { $0.start <= now && now < $0.end }
    }

    func hostedMeetings(hostID: String, now: Date) -> [SimMeeting] {
        (byHostID[hostID] ?? []).map { scenario.meetings[$0] }.filter { $0.end <= now }
    }

    /// Ended instances of a numeric meeting id, oldest first.
    func endedInstances(meetingID: Int64, now: Date) -> [SimMeeting] {
        (instancesByID[meetingID] ?? []).map { scenario.meetings[$0] }.filter { $0.end <= now }
    }

    func qosSource(of meeting: SimMeeting) -> MeetingQoSSource {
        let index = byUUID[meeting.uuid]!
        return MeetingQoSSource(seed: scenario.options.seed, meetingIndex: index, plan: scenario.plan.quality.meetings[index])
    }

    /// Resolves a path meeting reference: a numeric id means the latest instance, anything else
    /// is an instance UUID. `live` looks for the instance in progress instead of ended ones.
    func meeting(reference: String, live: Bool = false, now: Date) -> SimMeeting? {
        let candidates: [SimMeeting]
        if let id = Int64(reference), !reference.isEmpty, reference.allSatisfy(\.isASCII) {
            candidates = (instancesByID[id] ?? []).map { scenario.meetings[$0] }
        } else {
            candidates = byUUID[reference].map { [scenario.meetings[$0]] } ?? []
        }
        let visible = candidates.filter { live ? ($0.start <= now && now < $0.end) : $0.end <= now }
        return visible.max { $0.start < $1.start }
    }
}
