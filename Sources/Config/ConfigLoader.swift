import Foundation
import TOMLKit
import ZoomDashZoomAPI

/// Reads `zoomdash.toml`, applies environment and systemd-credential overrides, and validates.
///
/// Precedence for secrets: environment (`ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`), then
/// `$CREDENTIALS_DIRECTORY/zoom-client-secret` (systemd `LoadCredential=`; outside the unit, with the
/// installed config, /etc/zoomdash/credentials), then the file.
public struct ConfigLoader: Sendable {
    public static let defaultPath = "/etc/zoomdash/zoomdash.toml"
    /// Where `make install` puts the secrets the unit loads with `LoadCredential=`.
    public static let installedCredentialsDirectory = "/etc/zoomdash/credentials"

    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Where the config comes from: `--config`, else `ZOOMDASH_CONFIG`, else the default path.
    /// `explicit` is false only for the default, which may be absent (embedded defaults apply).
    public func resolvePath(commandLine: String?) -> (path: String, explicit: Bool) {
        if let commandLine { return (commandLine, true) }
        if let fromEnvironment = environment["ZOOMDASH_CONFIG"], !fromEnvironment.isEmpty {
            return (fromEnvironment, true)
        }
        return (Self.defaultPath, false)
    }

    public func load(commandLinePath: String?) throws(ConfigError) -> ZoomDashConfig {
        let (path, explicit) = resolvePath(commandLine: commandLinePath)
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit {
                throw ConfigError(file: path, message: "no such file. Create it from etc/zoomdash/zoomdash.toml or fix --config / ZOOMDASH_CONFIG.")
            }
            var config = ZoomDashConfig()
            config.store.path = defaultStorePath()
            try applyEnvironment(to: &config, file: "(defaults)")
            return config
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// Parses and validates config text; `file` only names the source in errors.
    public func parse(_ text: String, file: String) throws(ConfigError) -> ZoomDashConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, message: "TOML syntax error: \(error.description)")
        } catch {
            throw ConfigError(file: file, message: "TOML syntax error: \(error)")
        }
        var reader = TOMLConfigReader(table: table, locator: TOMLKeyLocator(source: text), file: file)
        var config = ZoomDashConfig()
        config.store.path = defaultStorePath()
        try reader.read(into: &config)
        try applyEnvironment(to: &config, file: file)
        let secrets = secretLookup(configFile: file)
        for name in config.collectors.keys { config.collectors[name]?.section.secrets = secrets }
        for name in config.sinks.keys { config.sinks[name]?.section.secrets = secrets }
        for name in config.sources.keys { config.sources[name]?.section.secrets = secrets }
        return config
    }

    /// `$STATE_DIRECTORY/zoomdash.sqlite` under systemd (`StateDirectory=`), else the working directory.
    func defaultStorePath() -> String {
        if let state = environment["STATE_DIRECTORY"], !state.isEmpty {
            // systemd may pass several colon-separated directories; the first is ours.
            let first = state.split(separator: ":").first.map(String.init) ?? state
            return first + "/zoomdash.sqlite"
        }
        return "./zoomdash.sqlite"
    }

    /// A systemd credential: `name` as loaded one by one (`LoadCredential=name:FILE`), or as
    /// `zoomdash_name` when the unit loads the whole credentials directory
    /// (`LoadCredential=zoomdash:DIR`, which skips absent files instead of failing the start).
    /// nil when absent or empty (an empty file is a placeholder and leaves the config's value alone).
    /// Outside a unit (`zoomdashctl` in an admin's shell), the installed config's secrets are read from
    /// where the unit loads them, when this process may read them (root).
    func credential(_ name: String, configFile: String) -> String? {
        secretLookup(configFile: configFile).credential(name)
    }

    func secretLookup(configFile: String) -> SecretLookup {
        let fromUnit = environment["CREDENTIALS_DIRECTORY"].flatMap { $0.isEmpty ? nil : $0 }
        return SecretLookup(
            environment: environment, credentialsDirectory: fromUnit ?? (configFile == Self.defaultPath ? Self.installedCredentialsDirectory : nil))
    }

    private func applyEnvironment(to config: inout ZoomDashConfig, file: String) throws(ConfigError) {
        if let value = environment["ZOOM_ACCOUNT_ID"], !value.isEmpty { config.zoom.accountID = value }
        if let value = environment["ZOOM_CLIENT_ID"], !value.isEmpty { config.zoom.clientID = value }
        if let value = environment["ZOOM_CLIENT_SECRET"], !value.isEmpty {
            config.zoom.clientSecret = value
        } else if let secret = credential("zoom-client-secret", configFile: file) {
            config.zoom.clientSecret = secret
        }
        if let value = environment["ZOOM_WEBHOOK_SECRET_TOKEN"], !value.isEmpty {
            config.webhook.secretToken = value
        } else if let secret = credential("zoom-webhook-secret", configFile: file) {
            config.webhook.secretToken = secret
        }
    }
}
