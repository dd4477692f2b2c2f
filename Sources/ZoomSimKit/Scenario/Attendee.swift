/// A person who may attend meetings (a teacher, a student on a roster, a parent).
struct Attendee: Sendable, Hashable {
    let name: String
    /// Zoom user id when the person signs in to the account, else "".
    let zoomUserID: String
    let email: String
    let registrantID: String
    let isHost: Bool
}

/// A class that recurs every weekday with the same meeting number.
struct RecurringClass: Sendable {
    let meetingID: Int64
    let topic: String
    let hostIndex: Int
    let period: Int
    let roster: [Attendee]
}

/// A meeting occurrence before its timeline is generated.
struct MeetingSkeleton: Sendable {
    let id: Int64
    let type: Int
    let topic: String
    let hostIndex: Int
    let start: Int
    let end: Int
    let isClass: Bool
    /// Students/guests attending this occurrence (the host is added separately).
    let guests: [Attendee]
}
