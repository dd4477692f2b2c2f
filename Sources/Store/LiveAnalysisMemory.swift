import ZoomDashCore

/// What the live analysis remembers of each meeting it analysed in this process, so that the next
/// pass over a live class reads only its new events, and compares what it derives with what it wrote
/// last time instead of reading that back.
///
/// Contract: every remembered part equals what the store holds *now*. The store keeps it so by
///   - forgetting everything before any transaction not declared to leave the remembered tables
///     alone (``ZoomDashStore/transaction(keepsLiveMemory:_:)``), and after any transaction that
///     rolled back (what it remembered may not have been stored);
///   - forgetting everything when another connection (`zoomdashctl backfill`, `reanalyze`) committed
///     since the last look (`PRAGMA data_version`, read inside the analysing transaction);
///   - updating a meeting's parts in the transaction that writes them, and adding to a remembered
///     meeting's events each join or leave committed after it was read (``append(committed:id:to:)``).
/// Events are never deleted and their ids only grow, so "the join/leave events with an id up to
/// `lastEventID`" stays true while new events arrive. A part that is nil is unknown: read it.
/// Being only a copy, it is lost with the process; the store stays the truth.
struct LiveAnalysisMemory {
    struct Meeting {
        /// The meeting's join and leave events with an id up to `lastEventID`.
        var events: [WebhookSessionBuilder.Event] = []
        var lastEventID: Int64 = 0
        /// Its stored webhook sessions in the store's key order, when it holds no session of another source.
        var webhookSessions: [ParticipantSession]?
        /// Its stored disconnections and quarter hours, each row's fingerprint by its key.
        var disconnections: [DisconnectionKey: RowsFingerprint]?
        var usage: [Int64: RowsFingerprint]?
    }

    /// More meetings than a school has live at once (a pass takes at most 4,096); past it all is
    /// forgotten, which costs one full read per meeting.
    static let meetingLimit = 5_000

    private(set) var meetings: [String: Meeting] = [:]
    /// `PRAGMA data_version` when last looked at; nil before the first look.
    private var dataVersion: Int64?

    /// Forgets everything if another connection committed since the last call.
    mutating func checkOtherWriters(dataVersion current: Int64) {
        if dataVersion != current { forgetAll() }
        dataVersion = current
    }

    mutating func forgetAll() { meetings.removeAll(keepingCapacity: true) }

    /// An ended meeting is rarely analysed again (a late event reads it whole).
    mutating func forget(_ uuid: String) { meetings[uuid] = nil }

    subscript(uuid: String) -> Meeting? { meetings[uuid] }

    /// Adds a join or leave just committed (id `id`) to `uuid`'s events, if they are remembered: the
    /// store's webhook commits call it for each new one, after the commit, so that the next pass
    /// need not read back what it was just given (~6 µs an event at 2,000 events/s). Every event is
    /// stored through that one path on this connection, so none with a smaller id is missing.
    mutating func append(committed event: WebhookSessionBuilder.Event, id: Int64, to uuid: String) {
        guard let index = meetings.index(forKey: uuid), id > meetings.values[index].lastEventID else { return }
        meetings.values[index].events.append(event)
        meetings.values[index].lastEventID = id
    }

    /// Whether `uuid` is remembered, without copying what is.
    func remembers(_ uuid: String) -> Bool { meetings.index(forKey: uuid) != nil }

    /// Changes (or starts) what is remembered of `uuid`, in place.
    mutating func update<T>(_ uuid: String, _ change: (inout Meeting) throws -> T) rethrows -> T {
        if meetings[uuid] == nil && meetings.count >= Self.meetingLimit { forgetAll() }
        return try change(&meetings[uuid, default: Meeting()])
    }
}

/// The key of a stored disconnection within its meeting, with what its count triggers count (its
/// class and source): a drop whose class changed is deleted and inserted again, as if new.
struct DisconnectionKey: Hashable {
    let participantKey: String
    let time: UnixSeconds
    let counted: String

    init(_ participantKey: String, _ time: UnixSeconds, counted: String) {
        self.participantKey = participantKey
        self.time = time
        self.counted = counted
    }

    init(_ drop: Disconnection) {
        self.init(drop.participantKey, drop.time, counted: drop.reason.rawValue + "\u{0}" + drop.source.rawValue)
    }
}
