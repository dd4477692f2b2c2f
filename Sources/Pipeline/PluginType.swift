import ZoomDashConfiguration

/// A kind of plugin as the configuration names it (`type = "csv"`): how to read its section and how
/// to build it. Each plugin file declares one; a registry line makes it known (see
/// docs/architecture.md, "Adding a plugin").
public protocol PluginType: SendableMetatype {
    /// What the plugin reads from its section, validated.
    associatedtype Settings: Sendable
    /// What the daemon hands it: only what it needs (a store, a client, a logger), never the whole config.
    associatedtype Dependencies

    /// The config `type`, like `zoom.participants` or `csv`.
    static var type: String { get }

    /// Reads and validates the plugin's own keys; errors name file, line and key (exit 78).
    static func settings(from section: ConfigSection) throws(ConfigError) -> Settings

    /// - Parameter name: the section's name (`[sinks.NAME]`), for logs, metrics and status.
    init(name: String, settings: Settings, dependencies: Dependencies) throws
}
