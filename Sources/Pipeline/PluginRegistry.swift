import ZoomDashConfiguration

/// Maps a config `type` (such as `"zoom.participants"` or `"csv"`) to the plugin that reads its section
/// and the factory that builds it. One registry per kind of plugin.
public struct PluginRegistry<Plugin, Dependencies>: Sendable {
    private struct Entry: Sendable {
        var validate: @Sendable (ConfigSection) throws(ConfigError) -> Void
        var make: @Sendable (String, ConfigSection, Dependencies) throws -> Plugin
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    /// Registers `plugin` under its type; `erase` turns it into the registry's kind (`{ $0 }`).
    public mutating func register<P: PluginType>(_ plugin: P.Type, as erase: @escaping @Sendable (P) -> Plugin)
    where P.Dependencies == Dependencies {
        entries[P.type] = Entry(
            validate: { section throws(ConfigError) in _ = try P.settings(from: section) },
            make: { name, section, dependencies in
                erase(try P(name: name, settings: try P.settings(from: section), dependencies: dependencies))
            })
    }

    public var types: [String] { entries.keys.sorted() }

    public func knows(_ type: String) -> Bool { entries[type] != nil }

    /// Checks a section against its plugin without building anything (`check-config`, reloads).
    public func validate(type: String, section: ConfigSection) throws(ConfigError) {
        guard let entry = entries[type] else { throw unknown(type, section) }
        try entry.validate(section)
    }

    public func make(name: String, type: String, section: ConfigSection, dependencies: Dependencies) throws -> Plugin {
        guard let entry = entries[type] else { throw unknown(type, section) }
        return try entry.make(name, section, dependencies)
    }

    private func unknown(_ type: String, _ section: ConfigSection) -> ConfigError {
        section.error("type", "unknown type \"\(type)\"; " + (types.isEmpty ? "this build has none yet" : "known types are \(types.joined(separator: ", "))"))
    }
}
