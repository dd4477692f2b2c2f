import Foundation
import ZoomDashCore

/// A request's query parameters, read with the API's rules: every bad value is a
/// ``DashboardError/badParameter(name:problem:)`` that names it and says what would do.
public struct QueryParameters: Sendable {
    public var values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    public func string(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A date (`YYYY-MM-DD`, local midnight) or an ISO 8601 time.
    public func time(_ name: String, calendar: LocalCalendar) throws(DashboardError) -> UnixSeconds? {
        guard let text = string(name) else { return nil }
        if text.count == 10, let start = calendar.startOfDay(text) { return start }
        if let time = ZoomTime.parse(text), text.count > 10 { return time }
        throw .badParameter(name: name, problem: "\"\(text)\" is not a date (YYYY-MM-DD) or an ISO 8601 time like 2026-11-30T08:00:00Z")
    }

    /// `from`/`to`; by default the last `defaultDays` local days up to the end of today. `to` is exclusive.
    public func range(calendar: LocalCalendar, now: UnixSeconds, defaultDays: Int) throws(DashboardError) -> (from: UnixSeconds, to: UnixSeconds) {
        let endOfToday = calendar.startOfDay(containing: now) + 86_400 + 7200
        let to = try time("to", calendar: calendar) ?? calendar.startOfDay(containing: endOfToday)
        let from = try time("from", calendar: calendar) ?? calendar.startOfDay(containing: to - Int64(defaultDays) * 86_400 + 7200)
        guard from < to else { throw .badParameter(name: "from", problem: "must be before to") }
        guard to - from <= 800 * 86_400 else { throw .badParameter(name: "from", problem: "the range may span at most 800 days") }
        return (from, to)
    }

    public func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(DashboardError) -> Int {
        guard let text = string(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw .badParameter(name: name, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return number
    }

    public func choice<T: RawRepresentable>(_ name: String, _ type: T.Type) throws(DashboardError) -> T? where T.RawValue == String, T: CaseIterable {
        guard let text = string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw .badParameter(name: name, problem: "must be one of \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), not \"\(text)\"")
        }
        return value
    }

    public func format() throws(DashboardError) -> Bool {
        guard let text = string("format") else { return false }
        guard text == "csv" || text == "json" else { throw .badParameter(name: "format", problem: "must be \"csv\" or \"json\", not \"\(text)\"") }
        return text == "csv"
    }
}
