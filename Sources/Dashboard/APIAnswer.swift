import Foundation
import ZoomDashCore

/// An API call's answer before it becomes an HTTP response: testable without a server.
public struct APIAnswer: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Set for a CSV download: the file name the browser saves it as.
    public var filename: String?

    public var text: String { String(decoding: body, as: UTF8.self) }

    static func json<Body: Encodable>(_ body: Body, calendar: LocalCalendar, now: UnixSeconds, status: Int = 200) -> APIAnswer {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let envelope = Envelope(timezone: calendar.identifier, generatedAt: ZoomTime.iso8601(now), body: body)
        let data = (try? encoder.encode(envelope)) ?? Data(#"{"error":"the answer could not be encoded"}"#.utf8)
        return APIAnswer(status: status, contentType: "application/json; charset=utf-8", body: Array(data))
    }

    static func csv(_ table: ExportTable, name: String) -> APIAnswer {
        APIAnswer(status: 200, contentType: "text/csv; charset=utf-8", body: Array(table.csv().utf8), filename: name + ".csv")
    }

    public static func error(_ status: Int, _ message: String) -> APIAnswer {
        APIAnswer(status: status, contentType: "application/json; charset=utf-8", body: Array("{\"error\":\(ExportTable.jsonString(message))}".utf8))
    }

    /// Every answer says which zone its local dates are in and when it was made.
    struct Envelope<Body: Encodable>: Encodable {
        var timezone: String
        var generatedAt: String
        var body: Body

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: API.Key.self)
            try container.encode(timezone, forKey: API.Key("timezone"))
            try container.encode(generatedAt, forKey: API.Key("generatedAt"))
            try body.encode(to: encoder)
        }
    }
}
