import ZoomDashConfiguration

/// `[sinks.NAME] type = "zoho"`: where the Zoho Analytics workspace is and how much of the plan's
/// quota the sink may use.
public struct ZohoSettings: Sendable, Hashable {
    public var accountsURL: String
    public var apiURL: String
    public var orgID: String
    /// A workspace name or id.
    public var workspace: String
    public var clientID: String
    public var clientSecret: String
    public var refreshToken: String
    public var tables: [ZohoTable]
    /// The plan's daily API units this sink may use (Zoho: Standard 10,000, Premium 30,000).
    public var dailyUnits = 10_000
    /// Zoho allows 100 calls a minute for the whole organisation; leave room for others.
    public var callsPerMinute = 90
    /// Rows per import call (one CSV file; Zoho takes files up to 100 MB).
    public var batchRows = 20_000

    /// Zoho's data centres: accounts host and Analytics API host (the CA one has its own domain).
    public static let dataCentres: [String: (accounts: String, api: String)] = [
        "com": ("https://accounts.zoho.com", "https://analyticsapi.zoho.com"),
        "eu": ("https://accounts.zoho.eu", "https://analyticsapi.zoho.eu"),
        "in": ("https://accounts.zoho.in", "https://analyticsapi.zoho.in"),
        "com.au": ("https://accounts.zoho.com.au", "https://analyticsapi.zoho.com.au"),
        "jp": ("https://accounts.zoho.jp", "https://analyticsapi.zoho.jp"),
        "com.cn": ("https://accounts.zoho.com.cn", "https://analyticsapi.zoho.com.cn"),
        "sa": ("https://accounts.zoho.sa", "https://analyticsapi.zoho.sa"),
        "ca": ("https://accounts.zohocloud.ca", "https://analyticsapi.zohocloud.ca"),
    ]

    static let keys: Set<String> = [
        "data_centre", "accounts_url", "api_url", "org_id", "workspace", "client_id", "client_secret", "refresh_token", "tables",
        "daily_units", "calls_per_minute", "batch_rows",
    ]

    public static func read(_ section: ConfigSection) throws(ConfigError) -> ZohoSettings {
        try section.rejectUnknownKeys(keys)
        let centre = try section.string("data_centre") ?? "com"
        guard let hosts = dataCentres[centre] else {
            throw section.error("data_centre", "must be one of \(dataCentres.keys.sorted().joined(separator: ", ")), not \"\(centre)\"")
        }
        func url(_ key: String, _ fallback: String) throws(ConfigError) -> String {
            guard let value = try section.string(key) else { return fallback }
            guard value.hasPrefix("https://") || value.hasPrefix("http://") else {
                throw section.error(key, "must be an http(s) URL, like \"\(fallback)\"")
            }
            return value.hasSuffix("/") ? String(value.dropLast()) : value
        }
        func required(_ key: String, _ hint: String) throws(ConfigError) -> String {
            guard let value = try section.string(key), !value.isEmpty else { throw section.error(key, "is required: \(hint)") }
            return value
        }
        func secret(_ key: String, credential: String, environment: String) throws(ConfigError) -> String {
            guard let value = try section.secret(key, credential: credential, environment: environment) else {
                throw section.error(key, "is required: give it as the systemd credential \(credential), as env \(environment), or here")
            }
            return value
        }
        var settings = ZohoSettings(
            accountsURL: try url("accounts_url", hosts.accounts), apiURL: try url("api_url", hosts.api),
            orgID: try required("org_id", "the organisation id (Zoho Analytics → Settings → Organization, or GET /restapi/v2/orgs)"),
            workspace: try required("workspace", "the workspace's name or id"),
            clientID: try required("client_id", "the Self Client's id from Zoho's API console"),
            clientSecret: try secret("client_secret", credential: "zoho-client-secret", environment: "ZOHO_CLIENT_SECRET"),
            refreshToken: try secret("refresh_token", credential: "zoho-refresh-token", environment: "ZOHO_REFRESH_TOKEN"),
            tables: ZohoTable.allCases)
        if let names = try section.strings("tables") {
            settings.tables = try names.map { (name: String) throws(ConfigError) -> ZohoTable in
                guard let table = ZohoTable(rawValue: name) else {
                    throw section.error("tables", "unknown table \"\(name)\"; known: \(ZohoTable.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return table
            }
        }
        if let value = try section.integer("daily_units", in: 100...10_000_000) { settings.dailyUnits = value }
        if let value = try section.integer("calls_per_minute", in: 1...100) { settings.callsPerMinute = value }
        if let value = try section.integer("batch_rows", in: 100...500_000) { settings.batchRows = value }
        return settings
    }
}
