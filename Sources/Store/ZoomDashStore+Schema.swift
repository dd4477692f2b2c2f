extension ZoomDashStore {
    /// The schema this build reads and migrates to (`PRAGMA user_version`); an older store is migrated
    /// by the next writer to open it, a newer one is refused.
    public static var supportedSchemaVersion: Int { Schema.version }

    /// The write-ahead log size the writer cuts the log back to when it starts over (`journal_size_limit`).
    public static var walSizeLimitBytes: Int64 { Int64(Schema.walSizeLimitBytes) }
}
