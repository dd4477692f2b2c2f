/// An item of a paginated Zoom list; `listKey` is the array's key in the page (`meetings`, `users`, …).
public protocol ZoomListItem: Decodable, Sendable {
    static var listKey: String { get }
}

/// One page of a Zoom list response. Pagination ends when `next_page_token` is absent or `""`.
public struct ZoomPage<Item: ZoomListItem>: Decodable, Sendable {
    public var items: [Item]
    public var nextPageToken: String?
    public var totalRecords: Int?

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        items = (try? container.decodeIfPresent([Item].self, forKey: AnyCodingKey(Item.listKey))) ?? []
        nextPageToken = container.lenientString(AnyCodingKey("next_page_token"))
        totalRecords = container.lenientInt64(AnyCodingKey("total_records")).map { Int($0) }
    }
}

struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// Zoom's error body: `{"code": 124, "message": "Invalid access token."}`; OAuth errors use `reason`/`error`.
public struct ZoomErrorBody: Decodable, Sendable {
    public var code: Int?
    public var message: String

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        code = container.lenientInt64(AnyCodingKey("code")).map { Int($0) }
        message = container.lenientString(AnyCodingKey("message"))
            ?? container.lenientString(AnyCodingKey("reason"))
            ?? container.lenientString(AnyCodingKey("error")) ?? ""
    }
}
