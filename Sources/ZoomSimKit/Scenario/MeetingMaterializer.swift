import Foundation

/// Turns a meeting skeleton plus its placed timeline blocks into connection records, and
/// reports the drops it actually carried out.
struct MeetingMaterializer {
    struct LocalDrop: Sendable {
        let participantUUID: String
        let name: String
        let time: Int
        let reason: LeaveReason
        let rejoinAt: Int?
        let collectiveOrdinal: Int?
    }

    struct Output: Sendable {
        var records: [ParticipantRecord] = []
        var drops: [LocalDrop] = []
        /// Bad moment index (or nil) of each collective drop carried out, in ordinal order.
        var collectives: [Int?] = []
    }

    private enum Status { case notJoined, inMain, inBreakout, gone }

    private struct Person {
        let attendee: Attendee
        let participantUUID: String
        let client: ClientProfile
        var status: Status = .notJoined
        var openJoin = 0
        var openRoom = ""
        var openUserID = ""
    }

    private let skeleton: MeetingSkeleton
    private var random: SeededRandom
    private var people: [Person] = []
    private var output = Output()
    private var nextUserID: Int

    init(skeleton: MeetingSkeleton, host: Attendee, random: SeededRandom) {
        self.skeleton = skeleton
        self.random = random
        self.nextUserID = self.random.int(in: 16_000...40_000) * 1024
        for attendee in [host] + skeleton.guests {
            people.append(Person(
                attendee: attendee,
                participantUUID: ZoomIdentifiers.participantUUID(using: &self.random),
                client: ClientProfile.random(using: &self.random)))
        }
    }

    mutating func run(blocks: [TimelineBlock]) -> Output {
        let lateCount = blocks.filter { $0.kind == .lateJoin }.count
        let late = Set(random.shuffled(Array(people.indices.dropFirst())).prefix(lateCount))
        join(0, at: skeleton.start)
        for index in people.indices.dropFirst() where !late.contains(index) {
            join(index, at: skeleton.start + random.int(in: 5...240))
        }
        for block in blocks {
            switch block.kind {
            case .lateJoin:
                if let index = people.indices.first(where: { people[$0].status == .notJoined }) {
                    join(index, at: block.start)
                }
            case .voluntaryLeave:
                if let index = randomGuest(in: .inMain) {
                    leave(index, at: block.start, reason: .leftMeeting)
                }
            case .drop(let reason, let rejoinAfter):
                if let index = randomGuest(in: .inMain) {
                    dropAndRejoin(index, at: block.start, reason: reason, after: rejoinAfter, collective: nil)
                }
            case .breakout(let length):
                runBreakout(start: block.start, length: length)
            case .collective(let badMoment):
                runCollective(at: block.start, badMoment: badMoment)
            case .quiet:
                break
            }
        }
        for index in people.indices where people[index].status == .inMain || people[index].status == .inBreakout {
            leave(index, at: skeleton.end, reason: .hostEnded)
        }
        output.records.sort { ($0.joinTime, $0.name, $0.leaveTime) < ($1.joinTime, $1.name, $1.leaveTime) }
        return output
    }

    private mutating func runCollective(at time: Int, badMoment: Int?) {
        let eligible = random.shuffled(people.indices.filter { $0 != 0 && people[$0].status == .inMain })
        let present = people.filter { $0.status == .inMain || $0.status == .inBreakout }.count
        // "Well above" the detection threshold max(3, ceil(0.2 × present)).
        let minimum = max(3, Int((0.2 * Double(present)).rounded(.up))) + 1
        let wanted = Int((Double(present) * (0.4 + 0.4 * random.unit())).rounded(.up))
        let count = min(eligible.count, max(minimum, wanted))
        guard count >= minimum else { return }
        let ordinal = output.collectives.count
        output.collectives.append(badMoment)
        var offsets = [0] + (1..<count).map { _ in random.int(in: 0...TimelineBlock.collectiveSpread) }
        offsets.sort()
        for (index, offset) in zip(eligible.prefix(count), offsets) {
            dropAndRejoin(index, at: time + offset, reason: .networkError, after: random.int(in: 10...100), collective: ordinal)
        }
    }

    private mutating func runBreakout(start: Int, length: Int) {
        var movers = random.shuffled(people.indices.filter { $0 != 0 && people[$0].status == .inMain })
        movers = Array(movers.prefix(max(2, Int(Double(movers.count) * (0.6 + 0.4 * random.unit())))))
        guard movers.count >= 2 else { return }
        // Rooms of 3–5 people, like a teacher's "automatically assign" breakout.
        var roomOf: [Int: String] = [:]
        var cursor = 0
        while cursor < movers.count {
            let room = ZoomIdentifiers.meetingUUID(shape: .singleSpecial, using: &random)
            let size = random.int(in: 3...5)
            for index in movers[cursor..<min(cursor + size, movers.count)] { roomOf[index] = room }
            cursor += size
        }
        for index in movers {
            let moveAt = start + random.int(in: 0...TimelineBlock.breakoutSpread)
            leave(index, at: moveAt, reason: .joinBreakoutRoom)
            join(index, at: moveAt, room: roomOf[index] ?? "")
        }
        for index in movers {
            let backAt = start + length + random.int(in: 0...TimelineBlock.breakoutSpread)
            leave(index, at: backAt, reason: .leaveBreakoutRoom)
            join(index, at: backAt)
        }
    }

    private mutating func dropAndRejoin(_ index: Int, at time: Int, reason: LeaveReason, after gap: Int?, collective: Int?) {
        leave(index, at: time, reason: reason)
        if let gap { join(index, at: time + gap) }
        output.drops.append(LocalDrop(
            participantUUID: people[index].participantUUID, name: people[index].attendee.name,
            time: time, reason: reason, rejoinAt: gap.map { time + $0 }, collectiveOrdinal: collective))
    }

    private mutating func randomGuest(in status: Status) -> Int? {
        let candidates = people.indices.filter { $0 != 0 && people[$0].status == status }
        return candidates.isEmpty ? nil : random.pick(candidates)
    }

    private mutating func join(_ index: Int, at time: Int, room: String = "") {
        nextUserID += random.int(in: 1...3) * 1024
        people[index].openJoin = time
        people[index].openRoom = room
        people[index].openUserID = String(nextUserID)
        people[index].status = room.isEmpty ? .inMain : .inBreakout
    }

    private mutating func leave(_ index: Int, at time: Int, reason: LeaveReason) {
        let person = people[index]
        output.records.append(ParticipantRecord(
            participantUUID: person.participantUUID, name: person.attendee.name,
            zoomUserID: person.attendee.zoomUserID, email: person.attendee.email,
            registrantID: person.attendee.registrantID, userID: person.openUserID,
            isHost: person.attendee.isHost,
            joinTime: Date(epochSeconds: person.openJoin), leaveTime: Date(epochSeconds: time),
            leaveReason: reason, breakoutRoomID: person.openRoom, client: person.client))
        people[index].status = .gone
    }
}
