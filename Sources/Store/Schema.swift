/// The store's schema, as an ordered list of migrations. `PRAGMA user_version` records how many ran.
/// Never edit a shipped migration: append a new one.
enum Schema {
    static let migrations: [String] = [
        // 1: meetings, raw participant sessions, derived analysis, checkpoints, collector runs.
        """
        CREATE TABLE meetings (
            uuid TEXT PRIMARY KEY,
            meeting_id INTEGER NOT NULL,
            topic TEXT NOT NULL,
            host_id TEXT NOT NULL,
            host_email TEXT NOT NULL,
            start_time INTEGER NOT NULL,
            end_time INTEGER,
            participants_count INTEGER,
            source TEXT NOT NULL,
            monitored INTEGER NOT NULL,
            participants_fetched_at INTEGER,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX meetings_by_start ON meetings(start_time);

        CREATE TABLE participant_sessions (
            meeting_uuid TEXT NOT NULL,
            participant_key TEXT NOT NULL,
            join_time INTEGER NOT NULL,
            leave_time INTEGER,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            leave_reason TEXT,
            connection_id TEXT NOT NULL,
            participant_uuid TEXT NOT NULL,
            zoom_user_id TEXT NOT NULL,
            registrant_id TEXT NOT NULL,
            status TEXT NOT NULL,
            network_type TEXT NOT NULL,
            data_center TEXT NOT NULL,
            device TEXT NOT NULL,
            location TEXT NOT NULL,
            breakout_room_id TEXT NOT NULL,
            failover INTEGER,
            source TEXT NOT NULL,
            PRIMARY KEY (meeting_uuid, participant_key, join_time)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE disconnections (
            meeting_uuid TEXT NOT NULL,
            participant_key TEXT NOT NULL,
            time INTEGER NOT NULL,
            participant_name TEXT NOT NULL,
            reason_class TEXT NOT NULL,
            leave_reason TEXT,
            rejoined_after_s INTEGER,
            lost_s INTEGER NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (meeting_uuid, participant_key, time)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX disconnections_by_time ON disconnections(time);

        CREATE TABLE incidents (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL,
            meeting_uuid TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            dropped INTEGER NOT NULL,
            present INTEGER NOT NULL,
            meetings INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX incidents_by_start ON incidents(start);
        CREATE INDEX incidents_by_meeting ON incidents(meeting_uuid);

        CREATE TABLE checkpoints (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE collector_runs (
            id INTEGER PRIMARY KEY,
            collector TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER NOT NULL,
            result TEXT NOT NULL,
            rows INTEGER NOT NULL,
            api_calls INTEGER NOT NULL,
            error TEXT
        ) STRICT;
        CREATE INDEX collector_runs_by_collector ON collector_runs(collector, finished_at);
        """,
        // 2: webhook events (raw, deduplicated by business key), meeting alerts, persisted counters, leases.
        """
        CREATE TABLE webhook_events (
            id INTEGER PRIMARY KEY,
            event TEXT NOT NULL,
            meeting_uuid TEXT NOT NULL,
            participant_key TEXT NOT NULL,
            event_time INTEGER NOT NULL,
            event_ts_ms INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            meeting_id INTEGER,
            participant_name TEXT NOT NULL,
            participant_email TEXT NOT NULL,
            leave_reason TEXT,
            participant_uuid TEXT NOT NULL,
            connection_id TEXT NOT NULL,
            zoom_user_id TEXT NOT NULL,
            body TEXT NOT NULL,
            UNIQUE (event, meeting_uuid, participant_key, event_time)
        ) STRICT;
        CREATE INDEX webhook_events_by_meeting ON webhook_events(meeting_uuid, event_time);

        CREATE TABLE meeting_alerts (
            meeting_uuid TEXT NOT NULL,
            time INTEGER NOT NULL,
            issue TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (meeting_uuid, time, text)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE metric_counters (
            name TEXT NOT NULL,
            labels TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (name, labels)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        ) STRICT;
        """,
        // 3: row counts kept by triggers, so the live analysis reads its metric totals from a few rows
        // instead of counting every disconnection of the store's history on each pass. The unique key
        // of webhook_events (event, meeting_uuid, …) already serves lookups by meeting, so the second
        // index only cost every webhook insert.
        """
        DROP INDEX IF EXISTS webhook_events_by_meeting;
        CREATE TABLE row_counts (
            kind TEXT NOT NULL,
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (kind, a, b)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO row_counts SELECT 'disconnections', reason_class, source, COUNT(*) FROM disconnections GROUP BY 2, 3;
        INSERT INTO row_counts SELECT 'incidents', scope, '', COUNT(*) FROM incidents GROUP BY 2;
        INSERT INTO row_counts SELECT 'meeting_alerts', issue, '', COUNT(*) FROM meeting_alerts GROUP BY 2;
        CREATE TRIGGER disconnections_count_insert AFTER INSERT ON disconnections BEGIN
            INSERT INTO row_counts VALUES ('disconnections', NEW.reason_class, NEW.source, 1)
                ON CONFLICT (kind, a, b) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER disconnections_count_delete AFTER DELETE ON disconnections BEGIN
            UPDATE row_counts SET n = n - 1 WHERE kind = 'disconnections' AND a = OLD.reason_class AND b = OLD.source;
        END;
        CREATE TRIGGER incidents_count_insert AFTER INSERT ON incidents BEGIN
            INSERT INTO row_counts VALUES ('incidents', NEW.scope, '', 1) ON CONFLICT (kind, a, b) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER incidents_count_delete AFTER DELETE ON incidents BEGIN
            UPDATE row_counts SET n = n - 1 WHERE kind = 'incidents' AND a = OLD.scope AND b = '';
        END;
        CREATE TRIGGER meeting_alerts_count_insert AFTER INSERT ON meeting_alerts BEGIN
            INSERT INTO row_counts VALUES ('meeting_alerts', NEW.issue, '', 1) ON CONFLICT (kind, a, b) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER meeting_alerts_count_delete AFTER DELETE ON meeting_alerts BEGIN
            UPDATE row_counts SET n = n - 1 WHERE kind = 'meeting_alerts' AND a = OLD.issue AND b = '';
        END;
        """,
        // 4: the live analysis's to-do list, durable: a mark per meeting with webhook events not yet
        // analysed, written in the same transaction as the events (a crash or restart resumes from it).
        // `last_event_id` is the newest event marked (the analysis clears a mark in the transaction that
        // reads the meeting's events, so it needs no more); `since` is when its oldest event arrived.
        // Marks are seeded for every webhook meeting Zoom's own record has not replaced, since earlier
        // versions could lose their in-memory list. Sessions remember whether their join was observed
        // (a leave whose join never arrived must not count as a join), and presence finds its rooms'
        // instances by meeting id.
        """
        CREATE TABLE analysis_due (
            meeting_uuid TEXT PRIMARY KEY,
            meeting_id INTEGER,
            last_event_id INTEGER NOT NULL,
            since INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        INSERT INTO analysis_due(meeting_uuid, meeting_id, last_event_id, since)
            SELECT e.meeting_uuid, max(e.meeting_id), max(e.id), min(e.received_at) FROM webhook_events e
            WHERE e.meeting_uuid <> '' AND NOT EXISTS (
                SELECT 1 FROM meetings m WHERE m.uuid = e.meeting_uuid AND m.participants_fetched_at IS NOT NULL)
            GROUP BY e.meeting_uuid;
        ALTER TABLE participant_sessions ADD COLUMN join_observed INTEGER NOT NULL DEFAULT 1;
        CREATE INDEX meetings_by_meeting_id ON meetings(meeting_id);
        """,
        // 5: incident ids that are never reused (AUTOINCREMENT: a notification or a link to a withdrawn
        // incident must not come to mean another), the outbox of incident changes that notifiers
        // deliver, each notifier's cursor, and the exporters' runs.
        """
        CREATE TABLE incidents_v5 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scope TEXT NOT NULL,
            meeting_uuid TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            dropped INTEGER NOT NULL,
            present INTEGER NOT NULL,
            meetings INTEGER NOT NULL
        ) STRICT;
        INSERT INTO incidents_v5 SELECT id, scope, meeting_uuid, start, "end", dropped, present, meetings FROM incidents;
        DROP TABLE incidents;
        ALTER TABLE incidents_v5 RENAME TO incidents;
        CREATE INDEX incidents_by_start ON incidents(start);
        CREATE INDEX incidents_by_meeting ON incidents(meeting_uuid);
        CREATE TRIGGER incidents_count_insert AFTER INSERT ON incidents BEGIN
            INSERT INTO row_counts VALUES ('incidents', NEW.scope, '', 1) ON CONFLICT (kind, a, b) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER incidents_count_delete AFTER DELETE ON incidents BEGIN
            UPDATE row_counts SET n = n - 1 WHERE kind = 'incidents' AND a = OLD.scope AND b = '';
        END;

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            time INTEGER NOT NULL,
            incident_id INTEGER NOT NULL,
            scope TEXT NOT NULL,
            meeting_uuid TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            dropped INTEGER NOT NULL,
            present INTEGER NOT NULL,
            meetings INTEGER NOT NULL,
            previous_start INTEGER,
            previous_end INTEGER,
            previous_dropped INTEGER,
            previous_present INTEGER,
            previous_meetings INTEGER
        ) STRICT;
        CREATE INDEX outbox_by_time ON outbox(time);

        CREATE TABLE notifier_cursors (
            name TEXT PRIMARY KEY,
            delivered_up_to INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE sink_runs (
            id INTEGER PRIMARY KEY,
            sink TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER NOT NULL,
            result TEXT NOT NULL,
            rows INTEGER NOT NULL,
            error TEXT
        ) STRICT;
        CREATE INDEX sink_runs_by_sink ON sink_runs(sink, finished_at);
        """,
        // 6: call quality. Raw QoS samples, one row per person and minute under a small series id (the
        // meeting and identity are stored once per person, not per minute) with the figures packed
        // (QualitySampleCodec); per-person timelines and per-meeting summaries that outlive the raw
        // samples' retention; what was fetched when; the queue of fetches a `meeting.ended` asks for;
        // and the analysis's explanations on drops, incidents and outbox events (an incident's cause
        // from its own call quality is a column of its own too, so the account-level refresh need not
        // decode every incident's evidence).
        """
        CREATE TABLE qos_series (
            id INTEGER PRIMARY KEY,
            meeting_uuid TEXT NOT NULL,
            participant_key TEXT NOT NULL,
            UNIQUE (meeting_uuid, participant_key)
        ) STRICT;
        CREATE TABLE qos_samples (
            series INTEGER NOT NULL,
            minute INTEGER NOT NULL,
            figures BLOB NOT NULL,
            PRIMARY KEY (series, minute)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE quality_meetings (
            meeting_uuid TEXT PRIMARY KEY,
            participant_minutes INTEGER NOT NULL,
            poor_minutes INTEGER NOT NULL,
            worst_cause TEXT,
            raw_pruned_at INTEGER
        ) STRICT;
        CREATE TABLE quality_participants (
            meeting_uuid TEXT NOT NULL,
            participant_key TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            poor_minutes INTEGER NOT NULL,
            worst_cause TEXT,
            timeline BLOB NOT NULL,
            PRIMARY KEY (meeting_uuid, participant_key)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE triggered_fetches (
            meeting_uuid TEXT PRIMARY KEY,
            ended_at INTEGER NOT NULL
        ) STRICT;
        ALTER TABLE meetings ADD COLUMN qos_fetched_at INTEGER;
        ALTER TABLE meetings ADD COLUMN qos_live_fetched_at INTEGER;
        ALTER TABLE disconnections ADD COLUMN quality_before TEXT NOT NULL DEFAULT 'unknown';
        ALTER TABLE incidents ADD COLUMN cause TEXT NOT NULL DEFAULT 'unknown';
        ALTER TABLE incidents ADD COLUMN evidence TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE incidents ADD COLUMN quality_cause TEXT NOT NULL DEFAULT 'unknown';
        ALTER TABLE outbox ADD COLUMN cause TEXT NOT NULL DEFAULT 'unknown';
        ALTER TABLE outbox ADD COLUMN evidence TEXT NOT NULL DEFAULT '{}';
        INSERT INTO row_counts SELECT 'incident_causes', scope, cause, COUNT(*) FROM incidents GROUP BY 2, 3;
        CREATE TRIGGER incident_causes_count_insert AFTER INSERT ON incidents BEGIN
            INSERT INTO row_counts VALUES ('incident_causes', NEW.scope, NEW.cause, 1) ON CONFLICT (kind, a, b) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER incident_causes_count_delete AFTER DELETE ON incidents BEGIN
            UPDATE row_counts SET n = n - 1 WHERE kind = 'incident_causes' AND a = OLD.scope AND b = OLD.cause;
        END;
        CREATE TRIGGER incident_causes_count_update AFTER UPDATE OF cause ON incidents BEGIN
            UPDATE row_counts SET n = n - 1 WHERE kind = 'incident_causes' AND a = OLD.scope AND b = OLD.cause;
            INSERT INTO row_counts VALUES ('incident_causes', NEW.scope, NEW.cause, 1) ON CONFLICT (kind, a, b) DO UPDATE SET n = n + 1;
        END;
        """,
        // 7: what each remote-table sink (Zoho Analytics) holds: per table, the key of every row it has
        // and a hash of its content, so a run sends only changed rows and deletes the ones that went.
        """
        CREATE TABLE sink_rows (
            sink TEXT NOT NULL,
            table_name TEXT NOT NULL,
            key_hash INTEGER NOT NULL,
            row_hash INTEGER NOT NULL,
            PRIMARY KEY (sink, table_name, key_hash)
        ) STRICT, WITHOUT ROWID;
        """,
        // 8: what the dashboard's months of good and bad days read. Per meeting and quarter hour (UTC):
        // participant-seconds, connections begun, drops, and a 1 where the meeting began
        // (``UsageBucket``), rewritten with each analysis of the meeting; their sums over all meetings
        // are kept by triggers, so six months are ~17,000 rows however many sessions they hold. Filled
        // here from what is stored (connections still open count as their meeting's length or none).
        // And an index of open connections: who is in a meeting now, without scanning every session.
        """
        CREATE TABLE usage_buckets (
            meeting_uuid TEXT NOT NULL,
            bucket INTEGER NOT NULL,
            participant_s INTEGER NOT NULL,
            sessions INTEGER NOT NULL,
            drops INTEGER NOT NULL,
            meetings INTEGER NOT NULL,
            PRIMARY KEY (meeting_uuid, bucket)
        ) STRICT, WITHOUT ROWID;
        WITH RECURSIVE pieces(meeting_uuid, bucket, s, e, first) AS (
            SELECT p.meeting_uuid, p.join_time / 900, p.join_time, max(p.join_time, coalesce(p.leave_time, m.end_time, p.join_time)), 1
            FROM participant_sessions p LEFT JOIN meetings m ON m.uuid = p.meeting_uuid
            UNION ALL
            SELECT meeting_uuid, bucket + 1, s, e, 0 FROM pieces WHERE (bucket + 1) * 900 < e)
        INSERT INTO usage_buckets
        SELECT meeting_uuid, bucket, sum(seconds), sum(sessions), sum(drops), 0 FROM (
            SELECT meeting_uuid, bucket, max(0, min(e, (bucket + 1) * 900) - max(s, bucket * 900)) AS seconds, first AS sessions, 0 AS drops FROM pieces
            UNION ALL
            SELECT meeting_uuid, time / 900, 0, 0, 1 FROM disconnections)
        GROUP BY 1, 2;
        UPDATE usage_buckets SET meetings = 1
        WHERE (meeting_uuid, bucket) IN (SELECT meeting_uuid, min(join_time) / 900 FROM participant_sessions GROUP BY 1);
        CREATE TABLE usage_totals (
            bucket INTEGER PRIMARY KEY,
            participant_s INTEGER NOT NULL,
            sessions INTEGER NOT NULL,
            drops INTEGER NOT NULL,
            meetings INTEGER NOT NULL
        ) STRICT;
        INSERT INTO usage_totals SELECT bucket, sum(participant_s), sum(sessions), sum(drops), sum(meetings) FROM usage_buckets GROUP BY 1;
        CREATE TRIGGER usage_insert AFTER INSERT ON usage_buckets BEGIN
            INSERT INTO usage_totals VALUES (NEW.bucket, NEW.participant_s, NEW.sessions, NEW.drops, NEW.meetings)
            ON CONFLICT (bucket) DO UPDATE SET participant_s = participant_s + excluded.participant_s,
                sessions = sessions + excluded.sessions, drops = drops + excluded.drops, meetings = meetings + excluded.meetings;
        END;
        CREATE TRIGGER usage_delete AFTER DELETE ON usage_buckets BEGIN
            UPDATE usage_totals SET participant_s = participant_s - OLD.participant_s, sessions = sessions - OLD.sessions,
                drops = drops - OLD.drops, meetings = meetings - OLD.meetings
            WHERE bucket = OLD.bucket;
        END;
        CREATE INDEX sessions_open ON participant_sessions(meeting_uuid) WHERE leave_time IS NULL;
        CREATE INDEX disconnections_by_participant ON disconnections(participant_key, time);
        """,
        // Zoom's WebSocket subscription replays nothing it sent while no client was connected: each such
        // interval is kept (per source), so the data of the meetings active then is known to be filled
        // in from the REST API. Idempotent (IF NOT EXISTS), like the other migrations added meanwhile.
        """
        CREATE TABLE IF NOT EXISTS live_source_gaps (
            source TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER NOT NULL,
            meetings INTEGER NOT NULL,
            PRIMARY KEY (source, started_at)
        ) STRICT;
        """,
        // 10: what the dashboard reads on a store of months (`zoomdash-bench dashboard`: 5 M sessions,
        // runs every 15 minutes). The number of participant connections, in row_counts, kept by the code
        // that writes sessions (a trigger would cost every session insert and every rebuild of a live
        // meeting's webhook sessions a third more), where counting them took a second on each health
        // call; each collector's and sink's runs by result, kept by triggers (a run every few minutes),
        // where the health page counted them per run (41 s for two collectors' six months); and an
        // index that covers the drops-per-person ranking of "people to follow up", which read every
        // disconnection row of the period. Idempotent: tests take stores back to older schemas.
        """
        DELETE FROM row_counts WHERE kind IN ('participant_sessions', 'collector_runs', 'sink_runs');
        INSERT INTO row_counts(kind, a, b, n) SELECT 'participant_sessions', '', '', COUNT(*) FROM participant_sessions;
        INSERT INTO row_counts(kind, a, b, n) SELECT 'collector_runs', collector, result, COUNT(*) FROM collector_runs GROUP BY 2, 3;
        INSERT INTO row_counts(kind, a, b, n) SELECT 'sink_runs', sink, result, COUNT(*) FROM sink_runs GROUP BY 2, 3;
        CREATE TRIGGER IF NOT EXISTS collector_runs_count_insert AFTER INSERT ON collector_runs BEGIN
            INSERT INTO row_counts VALUES ('collector_runs', NEW.collector, NEW.result, 1) ON CONFLICT (kind, a, b) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS collector_runs_count_delete AFTER DELETE ON collector_runs BEGIN
            UPDATE row_counts SET n = n - 1 WHERE kind = 'collector_runs' AND a = OLD.collector AND b = OLD.result;
        END;
        CREATE TRIGGER IF NOT EXISTS sink_runs_count_insert AFTER INSERT ON sink_runs BEGIN
            INSERT INTO row_counts VALUES ('sink_runs', NEW.sink, NEW.result, 1) ON CONFLICT (kind, a, b) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS sink_runs_count_delete AFTER DELETE ON sink_runs BEGIN
            UPDATE row_counts SET n = n - 1 WHERE kind = 'sink_runs' AND a = OLD.sink AND b = OLD.result;
        END;
        CREATE INDEX IF NOT EXISTS disconnections_by_time_person ON disconnections(time, participant_key, lost_s, quality_before);
        """,
        // 11: which meetings each WebSocket gap queued for the REST API, so the live view can say which
        // meetings (and which minutes of them: the gap's) hold data filled in from REST after a gap.
        """
        CREATE TABLE IF NOT EXISTS live_source_gap_meetings (
            source TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            meeting_uuid TEXT NOT NULL,
            PRIMARY KEY (source, started_at, meeting_uuid)
        ) STRICT;
        CREATE INDEX IF NOT EXISTS live_source_gap_meetings_by_meeting ON live_source_gap_meetings(meeting_uuid);
        """,
        // 12: raw webhook bodies compressed (WebhookBodyDeflater: deflate with a preset dictionary, a
        // quarter to a third of their size), which were more than half of what a webhook event cost the store. An
        // event whose body is here has '' in webhook_events.body; older events keep theirs as they were,
        // so nothing is rewritten and both read back byte for byte (``ZoomDashStore/webhookBodies``).
        // Idempotent: tests take stores back to older schemas.
        """
        CREATE TABLE IF NOT EXISTS webhook_event_bodies (
            event_id INTEGER PRIMARY KEY,
            deflated BLOB NOT NULL
        ) STRICT;
        """,
        // 13: the live analysis updates a quarter hour whose figures changed in place (a live class's
        // current one changes on every pass) instead of deleting and inserting it; the sums follow.
        """
        CREATE TRIGGER IF NOT EXISTS usage_update AFTER UPDATE ON usage_buckets BEGIN
            UPDATE usage_totals SET participant_s = participant_s - OLD.participant_s + NEW.participant_s,
                sessions = sessions - OLD.sessions + NEW.sessions, drops = drops - OLD.drops + NEW.drops,
                meetings = meetings - OLD.meetings + NEW.meetings
            WHERE bucket = NEW.bucket;
        END;
        """,
        // 14: `disconnections_by_time_person` (10) starts with `time`, so it answers every query the
        // index on `time` alone did; that one only cost a B-tree insert per drop and its pages.
        """
        DROP INDEX IF EXISTS disconnections_by_time;
        """,
    ]

    static var version: Int { migrations.count }

    /// Opens-time settings. WAL lets `zoomdashctl` read while the daemon writes; NORMAL sync is safe in WAL
    /// (a power cut may lose the last commits, never corrupt); busy_timeout makes a second writer wait.
    /// recursive_triggers makes INSERT OR REPLACE fire the delete triggers of the rows it replaces, so
    /// the trigger-kept row counts stay exact.
    static let pragmas = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = 10000;
        PRAGMA foreign_keys = ON;
        PRAGMA temp_store = MEMORY;
        PRAGMA recursive_triggers = ON;
        PRAGMA journal_size_limit = \(walSizeLimitBytes);
        """

    /// When the writer starts the log over, a log file grown beyond this (during a flood) is truncated.
    static let walSizeLimitBytes = 64 << 20

    static func migrate(_ connection: SQLiteConnection) throws {
        let current = Int(try connection.scalarInt("PRAGMA user_version"))
        guard current < version else {
            if current > version {
                throw StoreError.newerSchema(path: connection.path, found: current, supported: version)
            }
            return
        }
        try connection.transaction {
            for index in current..<version {
                try connection.execute(migrations[index])
            }
            try connection.execute("PRAGMA user_version = \(version)")
        }
    }
}
