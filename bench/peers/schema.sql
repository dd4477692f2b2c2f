-- The peers' store: the raw event and the business key Zoom's retries share, UNIQUE so a
-- redelivery is stored once (what zoomdashd's webhook_events keeps, without its derived columns).
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS webhook_events (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    meeting_uuid TEXT NOT NULL,
    participant_key TEXT NOT NULL,
    event_time INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (event, meeting_uuid, participant_key, event_time)
);
