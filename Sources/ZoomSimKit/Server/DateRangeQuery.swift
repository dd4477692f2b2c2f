import Foundation

/// `from`/`to` query parameters of the Report and Dashboard list endpoints.
struct DateRangeQuery: Sendable {
    /// Inclusive start and exclusive end, epoch seconds.
    let start: Int
    let end: Int
    let fromText: String
    let toText: String

    /// Both APIs list meetings of the past six months only (reference §2.5).
    static let retentionMonths = 6

    /// - Parameter allowDateTime: the Dashboard also accepts `yyyy-MM-dd HH:mm:ss`.
    /// - Parameter tooOld: the endpoint's message for a `from` older than six months.
    init(_ query: QueryParameters, allowDateTime: Bool, now: Date, tooOld: String) throws(APIError) {
        guard let fromText = query["from"], !fromText.isEmpty else { throw .badRequest("Request parameter 'from' is required.") }
        guard let toText = query["to"], !toText.isEmpty else { throw .badRequest("Request parameter 'to' is required.") }
        func parse(_ text: String, isEnd: Bool) throws(APIError) -> (second: Int, dayStart: Int) {
            if let day = UTCTime.parseDay(text) {
                return (isEnd ? day + UTCTime.secondsPerDay : day, day)
            }
            if allowDateTime, let second = UTCTime.parseDayTime(text) {
                let dayStart = UTCTime.floorDiv(second, UTCTime.secondsPerDay) * UTCTime.secondsPerDay
                return (isEnd ? second + 1 : second, dayStart)
            }
            throw .badRequest("Invalid date format: \(text).")
        }
        let from = try parse(fromText, isEnd: false)
        let to = try parse(toText, isEnd: true)
        guard from.second < to.second else {
            throw .badRequest("The 'to' date cannot be earlier than the 'from' date.")
        }
        guard to.dayStart <= UTCTime.addingOneMonth(toDayStart: from.dayStart) else {
            throw .badRequest("The date range (from - to) can not exceed one month.")
        }
        let today = UTCTime.floorDiv(Int(now.timeIntervalSince1970.rounded(.down)), UTCTime.secondsPerDay) * UTCTime.secondsPerDay
        guard from.dayStart >= UTCTime.addingMonths(-Self.retentionMonths, toDayStart: today) else { throw .badRequest(tooOld) }
        self.start = from.second
        self.end = to.second
        self.fromText = fromText
        self.toText = toText
    }

    func contains(_ second: Int) -> Bool { start <= second && second < end }
}
