import Foundation

/// Zoom's token pagination: `page_size` (default 30, max 300) and an opaque `next_page_token`
/// that is `""` on the last page.
struct Paginator: Sendable {
    static let defaultPageSize = 30
    static let maximumPageSize = 300

    let store: PageTokenStore

    struct Page<Item> {
        let items: ArraySlice<Item>
        /// `page_count`, `page_size`, `total_records`, `next_page_token` in Zoom's order.
        let fields: [(String, JSONValue)]
    }

    /// Larger `page_size` values are clamped to `maximumSize`, as Zoom does.
    func page<Item>(
        _ items: [Item], listKey: String, query: QueryParameters, now: Date,
        defaultSize: Int = Self.defaultPageSize, maximumSize: Int = Self.maximumPageSize
    ) async throws(APIError) -> Page<Item> {
        let requested = query["page_size"].flatMap { Int($0) } ?? defaultSize
        let pageSize = min(max(1, requested), maximumSize)
        var offset = 0
        if let token = query["next_page_token"], !token.isEmpty {
            guard let resumed = await store.offset(for: token, listKey: listKey, now: now) else {
                throw .invalidPageToken
            }
            offset = min(resumed, items.count)
        }
        let end = min(items.count, offset + pageSize)
        let next = end < items.count ? await store.issue(listKey: listKey, offset: end, now: now) : ""
        return Page(
            items: items[offset..<end],
            fields: [
                ("page_count", .integer((items.count + pageSize - 1) / pageSize)),
                ("page_size", .integer(pageSize)),
                ("total_records", .integer(items.count)),
                ("next_page_token", .string(next)),
            ])
    }
}
