/// Placeholder replaced once zoomsim's library API is in place.
enum BackfillBench {
    static func run(arguments: [String]) async throws {
        report("backfill", [("status", "pending")])
    }
}
