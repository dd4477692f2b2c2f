/// One field of a journal entry, sent as `NAME=value`.
///
/// journald accepts names of 1…64 characters from `[A-Z0-9_]`, not starting with a digit; names
/// starting with `_` are trusted fields that only journald itself may set.
public struct JournalField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Prepended to every metadata field so metadata never collides with `MESSAGE`, `PRIORITY`, the
    /// `CODE_*` fields or trusted `_` fields, and never starts with a digit.
    public static let metadataPrefix = "ZD_"

    /// journald's limit on field names, in bytes.
    public static let maximumNameLength = 64

    /// The journal field name for a swift-log metadata key: ASCII letters uppercased, every other
    /// character outside `[A-Z0-9_]` replaced by `_`, prefixed with `ZD_`, cut to 64 bytes.
    /// `zoom.tracking_id` → `ZD_ZOOM_TRACKING_ID`.
    public static func name(forMetadataKey key: String) -> String {
        var name = metadataPrefix
        for scalar in key.unicodeScalars {
            guard name.utf8.count < maximumNameLength else { break }
            switch scalar {
            case "A"..."Z", "0"..."9", "_": name.unicodeScalars.append(scalar)
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            default: name.unicodeScalars.append("_")
            }
        }
        return name
    }
}
