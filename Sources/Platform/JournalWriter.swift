/// Delivers journal entries.
///
/// Contract: `write` delivers one entry (all its fields together) synchronously and is safe to call
/// from any thread. It never throws: logging must not fail the caller, so an implementation that
/// cannot deliver falls back to another output or drops the entry.
public protocol JournalWriter: Sendable {
    func write(_ fields: [JournalField])
}
