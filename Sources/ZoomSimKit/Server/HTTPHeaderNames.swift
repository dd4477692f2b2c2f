import HTTPTypes

/// Header names Zoom sends (docs/zoom-api-notes.md §2.1, §5.2, §6.1).
extension HTTPField.Name {
    static let rateLimitCategory = HTTPField.Name("X-RateLimit-Category")!
    static let rateLimitType = HTTPField.Name("X-RateLimit-Type")!
    static let rateLimitLimit = HTTPField.Name("X-RateLimit-Limit")!
    static let rateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining")!
    static let zoomTrackingID = HTTPField.Name("x-zm-trackingid")!
}
