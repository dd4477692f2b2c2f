/// The keys of every plugin type this build ships, besides the pipeline's (``ConfigKeyCatalog/pipelineKeys``).
/// Each plugin rejects keys it does not know with the list it does; ConfigKeyCatalogTests proves that
/// list equal to this one for every type, and the types equal to the registries'.
public enum PluginKeyCatalog {
    public typealias Key = ConfigKeyReference
    public typealias Section = ConfigSectionReference

    static let chatKeys: [Key] = [
        Key("webhook_url", "URL", "(required)",
            "The incoming webhook. A secret: better the credential file chat-webhook-url or ZOOMDASH_CHAT_WEBHOOK_URL than this file."),
        Key("channel", "string", "(the webhook's)", "Mattermost only: the channel (\"town-square\") or \"@username\" to post to."),
        Key("username", "string", "(the webhook's)", "The name the posts appear under, where the server allows overrides."),
        Key("scopes", "list of strings", "[\"meeting\", \"account\"]", "Which incidents are posted: meeting (one class) and account (several classes at once)."),
        Key("min_dropped", "integer 0-100000", "0", "Incidents with fewer people dropping are not posted."),
        Key("quiet_hours", "string", "(none)", "Local times like \"22:00-06:00\": messages are held and posted as one summary when they end, never dropped."),
        Key("timezone", "IANA time zone", "\"UTC\"", "The zone of quiet_hours, digest and the times in messages."),
        Key("max_messages_per_minute", "integer 1-60", "6", "At most this many posts a minute; the excess is merged into the next one."),
        Key("grouping_window", "duration up to 15m", "\"60s\"", "Events within this of each other are one message; the first waits this long for the rest."),
        Key("updates", "string", "\"significant\"",
            "significant (the incident grew by a quarter or by 5 people, or its cause changed), all, or none."),
        Key("withdrawals", "boolean", "true", "A withdrawn incident that was posted gets a one-line correction."),
        Key("digest", "local time HH:MM", "(off)", "One message a day, after this time, about the previous local day."),
        Key("digest_names", "boolean", "false", "Whether the digest names the ten people who dropped most (needs digest; the data is about children)."),
        Key("presence", "boolean", "false", "Join and leave messages for the [presence] rooms, allowlisted names only."),
    ]

    public static let sections: [Section] = [
        Section("collectors", pluginType: "zoom.participants",
            "Polls Zoom for ended meetings and their participants (Dashboard or Report API, see [zoom] source). It has no keys of its own.", []),
        Section("collectors", pluginType: "zoom.qos", "Per-minute call quality of the monitored meetings (Dashboard API: Business plan and above).", [
            Key("live", "boolean", "false", "Also fetch the quality of monitored meetings in progress, every 5 minutes each."),
            Key("max_share_of_daily_cap", "number above 0, up to 1", "0.5", "The share of the daily Heavy request budget QoS may use; participants come first."),
        ]),
        Section("sources", pluginType: "zoom.websocket", "Zoom's WebSocket event subscription: live events without a public endpoint.", [
            Key("subscription_id", "string", "(required)", "The subscriptionId of the endpoint URL the Marketplace shows, or that whole URL."),
            Key("url", "URL", "\"wss://ws.zoom.us/ws\"", "The socket's address (ws:// only for a local test server)."),
            Key("lock_directory", "string", "(beside the store)", "Where the lock lives that keeps a second daemon off the same subscription."),
            Key("heartbeat", "duration", "\"25s\"", "How often a heartbeat is sent."),
            Key("watchdog", "duration of at least 2s", "\"60s\"", "A connection that hears nothing for this long is dropped and reopened."),
            Key("unhealthy_after", "duration", "\"5m\"", "/healthz turns unhealthy when disconnected longer than this."),
            Key("token_grant", "string", "\"account_credentials\"",
                "The OAuth grant of the socket's token tried first: account_credentials (the REST client's token) or client_credentials; the other is tried once when Zoom rejects it."),
        ]),
        Section("sinks", pluginType: "csv", "disconnects.csv, incidents.csv and presence.csv, replaced atomically (Zoho Analytics-ready).", [
            Key("directory", "absolute path", "([export] directory)", "Where the files are written."),
        ]),
        Section("sinks", pluginType: "zoho", "Keeps tables of a Zoho Analytics workspace equal to the store, sending only what changed.", [
            Key("data_centre", "string", "\"com\"", "com, eu, in, com.au, jp, com.cn, sa or ca: sets accounts_url and api_url."),
            Key("accounts_url", "URL", "(the data centre's)", "Zoho's accounts server, for the token."),
            Key("api_url", "URL", "(the data centre's)", "Zoho Analytics' API."),
            Key("org_id", "string", "(required)", "The organisation id (Zoho Analytics, Settings, Organization)."),
            Key("workspace", "string", "(required)", "The workspace's name or id; create it in Zoho first."),
            Key("client_id", "string", "(required)", "A Self Client's id from Zoho's API console (scopes ZohoAnalytics.data.all, ZohoAnalytics.metadata.read)."),
            Key("client_secret", "string", "(required)", "A secret: better the credential file zoho-client-secret or ZOHO_CLIENT_SECRET."),
            Key("refresh_token", "string", "(required)", "A secret: better the credential file zoho-refresh-token or ZOHO_REFRESH_TOKEN."),
            Key("tables", "list of strings", "(all five)",
                "Which of disconnections, incidents, meeting_quality, meeting_alerts and daily_by_topic are kept."),
            Key("daily_units", "integer 100-10000000", "10000", "The plan's daily API units this sink may use (Standard 10,000, Premium 30,000)."),
            Key("calls_per_minute", "integer 1-100", "90", "Zoho allows 100 a minute for the whole organisation; leave room for others."),
            Key("batch_rows", "integer 100-500000", "20000", "Rows per import call."),
        ]),
        Section("sinks", pluginType: "event-log", "One JSON line per incident event (opened, updated, withdrawn), for scripts and log shippers.", [
            Key("path", "absolute path", "(required)", "The file the lines are appended to."),
        ]),
        Section("sinks", pluginType: "mattermost", "One readable message per incident to a Mattermost incoming webhook.", chatKeys),
        Section("sinks", pluginType: "slack", "The same to a Slack incoming webhook (channel does not apply).", chatKeys),
    ]

    public static func section(kind: String, type: String) -> Section? {
        sections.first { $0.name == kind && $0.pluginType == type }
    }
}
