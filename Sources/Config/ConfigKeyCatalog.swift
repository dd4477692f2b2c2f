/// Every fixed section and key of `zoomdash.toml`, with its type, default and meaning: the one source
/// that `zoomdash.toml(5)` is printed from (`zoomdashctl config-reference`) and that the loader takes its
/// known keys from, so the manual cannot name a key the loader rejects nor miss one it reads
/// (ConfigKeyCatalogTests sets each key to a wrong type and expects the error to name it).
/// The plugins' keys are in ``PluginKeyCatalog``.
public enum ConfigKeyCatalog {
    public typealias Key = ConfigKeyReference

    public static let sections: [ConfigSectionReference] = [
        ConfigSectionReference("store", "The SQLite store.", [
            Key("path", "string", "$STATE_DIRECTORY/zoomdash.sqlite",
                "The SQLite file. Default: $STATE_DIRECTORY/zoomdash.sqlite under systemd, else ./zoomdash.sqlite. The packaged file sets /var/lib/zoomdash/zoomdash.sqlite so that zoomdashctl, run from a shell, opens the daemon's store."),
        ]),
        ConfigSectionReference("zoom", "The Zoom account: a Server-to-Server OAuth app, and how its API is used.", [
            Key("account_id", "string", "\"\"", "The app's Account ID. The environment variable ZOOM_ACCOUNT_ID overrides it."),
            Key("client_id", "string", "\"\"", "The app's Client ID. ZOOM_CLIENT_ID overrides it."),
            Key("client_secret", "string", "\"\"",
                "The app's Client Secret. Better kept out of this file: the credential file /etc/zoomdash/credentials/zoom-client-secret (loaded by the unit with LoadCredential=) or ZOOM_CLIENT_SECRET."),
            Key("api_url", "URL", "\"https://api.zoom.us/v2\"", "Zoom's REST API; another address only for a test server such as zoomsim."),
            Key("oauth_url", "URL", "\"https://zoom.us/oauth/token\"", "Zoom's token endpoint."),
            Key("plan", "string", "\"business\"", "pro, business or enterprise: the account's plan, which sets the request budget per rate-limit category."),
            Key("source", "string", "\"auto\"",
                "dashboard, report or auto: where participants come from. auto uses the Dashboard API and falls back to the Report API when the account has no Dashboard."),
            Key("concurrency", "integer 1-32", "4", "Requests in flight at once; the plan's budget still paces them."),
            Key("request_timeout_seconds", "integer 1-600", "30", "How long one request to Zoom may take."),
            Key("fetch_after_end", "duration", "\"5m\"",
                "A meeting.ended webhook of a monitored meeting fetches its participants and call quality this long after it ended (Zoom needs a few minutes to finalise them); \"0\" turns it off."),
        ]),
        ConfigSectionReference("meetings", "Which meetings are monitored (the classes). Empty lists match everything.", [
            Key("include_topics", "list of regular expressions", "[]", "A meeting is monitored when its topic matches one of these (the example file has [\"(?i)class|lesson\"])."),
            Key("exclude_topics", "list of regular expressions", "[]", "...and matches none of these."),
            Key("hosts", "list of strings", "[]", "Host emails whose meetings are monitored."),
            Key("meeting_ids", "list of meeting ids", "[]", "Numeric meeting ids that are monitored."),
        ]),
        ConfigSectionReference("analysis", "How disconnections and incidents are derived; after a change, zoomdashctl reanalyze re-derives everything.", [
            Key("reconnect_grace_seconds", "integer 1-86400", "120", "Report API: a rejoin within this time after a leave counts as an inferred disconnection."),
            Key("collective_window_seconds", "integer 1-3600", "60", "Drops within this time of the first belong to one collective incident."),
            Key("collective_min_participants", "integer 2-10000", "3", "A meeting-level incident needs at least this many people dropping..."),
            Key("collective_min_fraction", "number 0-1", "0.2", "...and at least this share of those present."),
            Key("account_min_meetings", "integer 2-10000", "3", "Meetings with an incident in one window that make an account-level incident (a \"Zoom bad moment\")."),
        ]),
        ConfigSectionReference("quality", "When a participant-minute of Zoom's call quality (QoS) is poor, and how drops and incidents are explained.", [
            Key("poor_latency_ms", "number above 0", "300", "Any audio or video stream above this latency makes the minute poor..."),
            Key("poor_jitter_ms", "number above 0", "40", "...or above this jitter..."),
            Key("poor_avg_loss_percent", "number 0-100", "5", "...or above this average packet loss."),
            Key("before_drop_minutes", "integer 1-60", "3", "Minutes before a drop that say whether the person's connection was failing (quality_before)."),
            Key("local_min_dropped_share", "number 0-1", "0.5", "An incident is local_network when more than this share of those who dropped had poor minutes..."),
            Key("local_max_others_share", "number 0-1", "0.2", "...and at most this share of the others in the meeting did."),
            Key("raw_retention_days", "integer 1-3650", "180", "Raw per-minute samples are kept this long; the per-meeting and per-person summaries stay."),
        ]),
        ConfigSectionReference("export", "Files the exporters write.", [
            Key("directory", "string", "\"/var/lib/zoomdash/export\"", "Where file sinks write unless their own section says otherwise."),
        ]),
        ConfigSectionReference("http", "The daemon's listener for Zoom's webhooks, /metrics and /healthz.", [
            Key("listen", "host:port", "\"127.0.0.1:9465\"", "Where to listen; put a TLS proxy in front for Zoom."),
            Key("header_timeout", "duration up to 1h", "\"10s\"", "A new connection must send its request head within this, else it is closed."),
            Key("body_timeout", "duration up to 1h", "\"30s\"", "A request's body must arrive within this of its head."),
            Key("idle_timeout", "duration up to 1h", "\"60s\"", "A kept-alive connection without a request for this long is closed."),
            Key("max_connections", "integer 16-65536", "1024",
                "Connections at once; when full, the oldest that has not sent a request head is closed to make room. The unit's LimitNOFILE=4096 leaves room for it."),
            Key("max_header_bytes", "integer 1024-1048576", "16384", "The request line and headers together; larger requests get 4xx and a close."),
            Key("shutdown_timeout", "duration below 30s", "\"10s\"", "On SIGTERM, requests in flight get this long; it must stay below the unit's TimeoutStopSec=30s."),
        ]),
        ConfigSectionReference("webhook", "Zoom's event notification endpoint, served on [http] listen.", [
            Key("path", "string", "\"/zoom/webhook\"", "The endpoint's path; it must start with /."),
            Key("secret_token", "string", "\"\"",
                "The app's Secret Token, which signs the events. Better the credential file zoom-webhook-secret or ZOOM_WEBHOOK_SECRET_TOKEN. Without one every request is refused (503, so Zoom retries once it is set)."),
            Key("tolerance_seconds", "integer 1-86400", "300", "Signed timestamps further than this from now are rejected."),
        ]),
        ConfigSectionReference("presence", "\"Who is in the room\": the watched meetings and who may be named.", [
            Key("meeting_ids", "list of meeting ids", "[]", "The rooms to watch."),
            Key("watch", "list of strings", "[]", "Names or emails that may be shown; everyone else is counted, never named."),
        ]),
        ConfigSectionReference("dashboard", "The web dashboard, on a listener of its own.", [
            Key("enabled", "boolean", "true", "Whether the daemon serves it."),
            Key("listen", "host:port", "\"127.0.0.1:9466\"", "Where it listens; any address other machines can reach needs users_file."),
            Key("users_file", "string", "(none)",
                "An htpasswd file of bcrypt hashes (zoomdashctl passwd NAME --file FILE, or htpasswd -B), re-read when it changes. Without one only a loopback listener is allowed and everyone on the machine is let in."),
            Key("timezone", "IANA time zone", "(the system's)", "The zone the pages show days and times in, like \"Europe/Berlin\"."),
            Key("public_url", "URL", "(none)", "The dashboard's address as people reach it: links in chat messages; https also marks the session cookie Secure."),
            Key("anonymous_overview", "boolean", "false", "Opens /overview (rates and bad moments, no names) to anyone who reaches the listener."),
            Key("public_topics", "boolean", "false", "Whether that page shows meeting topics."),
            Key("session_timeout", "duration 5m-30d", "\"12h\"", "A login session ends this long after it began."),
        ]),
    ]

    /// The keys the pipeline reads in every section of a kind, before the plugin reads its own.
    public static let pipelineKeys: [String: [ConfigKeyReference]] = [
        "collectors": [
            Key("type", "string", "(the section's name for participants and qos)", "The collector: zoom.participants or zoom.qos."),
            Key("enabled", "boolean", "true", "false keeps the section but stops the collector."),
            Key("interval", "duration of at least 10s", "\"15m\"", "How often it runs; after downtime a run catches up from the last completed window (up to 7 days)."),
            Key("lookback", "duration of at least 1m", "\"6h\" (qos: \"2d\")", "How far back each run looks."),
        ],
        "sources": [
            Key("type", "string", "(required)", "The live source: zoom.websocket."),
            Key("enabled", "boolean", "true", "false keeps the section but stops the source."),
        ],
        "sinks": [
            Key("type", "string", "(csv for a section named csv)", "The exporter (csv, zoho) or notifier (event-log, mattermost, slack)."),
            Key("enabled", "boolean", "true", "false keeps the section but stops the sink."),
            Key("interval", "duration of at least 10s", "\"15m\"", "An exporter publishes at least this often; a notifier looks at the outbox this often besides when woken."),
            Key("change_delay", "duration of at least 1s", "\"30s\" (a notifier: \"1s\")", "After an analysis changed something, the sink runs within this, and no more often."),
        ],
    ]

    /// The sections whose children are plugins, each `[KIND.NAME]` with a `type`.
    public static let pluginKinds = ["collectors", "sources", "sinks"]

    /// The loader's known keys per fixed section.
    static var knownKeys: [String: Set<String>] {
        Dictionary(uniqueKeysWithValues: sections.map { ($0.name, $0.keyNames) })
    }

    static func pipelineKeyNames(_ kind: String) -> Set<String> { Set((pipelineKeys[kind] ?? []).map(\.name)) }
}
