/// At most `limit` WebSocket events between the socket and their commit. Zoom waits for no
/// acknowledgement, so the session need not wait for each commit before it reads the next frame;
/// with several events committing at once the ingestor's group commit puts them in one
/// transaction, as it does for concurrent webhook requests. The limit keeps the reader from
/// running ahead of the store without bound (the socket's own flow control does the rest), and
/// bounds what a kill -9 can lose to what the restart's gap sends to the REST API anyway.
actor CommitWindow {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        free = limit
    }

    /// Waits for a free place.
    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives a place back, to the longest waiter if any.
    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
