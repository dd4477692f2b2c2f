/// Call quality of one meeting instance: how many participant-minutes had data and how many were poor.
public struct MeetingQuality: Sendable, Hashable {
    public var meetingUUID: String
    public var participantMinutes: Int
    public var poorMinutes: Int
    /// The cause behind most poor minutes; `nil` when none was poor.
    public var worstCause: PoorCause?
    public var participants: [ParticipantQuality]

    public init(meetingUUID: String, participantMinutes: Int, poorMinutes: Int, worstCause: PoorCause?, participants: [ParticipantQuality]) {
        self.meetingUUID = meetingUUID
        self.participantMinutes = participantMinutes
        self.poorMinutes = poorMinutes
        self.worstCause = worstCause
        self.participants = participants
    }

    public var poorShare: Double { participantMinutes == 0 ? 0 : Double(poorMinutes) / Double(participantMinutes) }

    public init(meetingUUID: String, timelines: [QualityTimeline]) {
        let participants = timelines.map {
            ParticipantQuality(participantKey: $0.participantKey, minutes: $0.minutes.count, poorMinutes: $0.poorMinutes, worstCause: $0.worstCause, timeline: $0)
        }
        self.init(
            meetingUUID: meetingUUID, participantMinutes: participants.reduce(0) { $0 + $1.minutes },
            poorMinutes: participants.reduce(0) { $0 + $1.poorMinutes },
            worstCause: QualityTimeline.mostCommon(timelines.flatMap { $0.minutes.compactMap(\.poor) }), participants: participants)
    }
}

/// Call quality of one person in one meeting instance.
public struct ParticipantQuality: Sendable, Hashable {
    public var participantKey: String
    public var minutes: Int
    public var poorMinutes: Int
    public var worstCause: PoorCause?
    /// Kept with the summary, so drops and incidents can be explained after the raw samples expire.
    public var timeline: QualityTimeline

    public init(participantKey: String, minutes: Int, poorMinutes: Int, worstCause: PoorCause?, timeline: QualityTimeline) {
        self.participantKey = participantKey
        self.minutes = minutes
        self.poorMinutes = poorMinutes
        self.worstCause = worstCause
        self.timeline = timeline
    }
}
