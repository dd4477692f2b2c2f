/// What `zoomdash.toml(5)` says about one key: its TOML type, its default as written in the file, and
/// what it does. ``ConfigKeyCatalog`` holds every key; the loader takes its list of known keys from it.
public struct ConfigKeyReference: Sendable, Hashable {
    public let name: String
    /// How the value is written, like "duration" or "list of strings".
    public let type: String
    /// The default in TOML syntax, or a sentence in parentheses when it is not a plain value.
    public let defaultValue: String
    public let meaning: String

    public init(_ name: String, _ type: String, _ defaultValue: String, _ meaning: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.meaning = meaning
    }
}

/// A table of the file: a fixed section like `[zoom]`, or the keys of one plugin type, which may stand
/// in any `[collectors.NAME]`, `[sources.NAME]` or `[sinks.NAME]` whose `type` names it.
public struct ConfigSectionReference: Sendable, Hashable {
    /// `zoom`, or the plugin kind (`collectors`, `sources`, `sinks`) for a plugin type.
    public let name: String
    /// The plugin type (`zoho`); nil for a fixed section.
    public let pluginType: String?
    public let summary: String
    public let keys: [ConfigKeyReference]

    public init(_ name: String, pluginType: String? = nil, _ summary: String, _ keys: [ConfigKeyReference]) {
        self.name = name
        self.pluginType = pluginType
        self.summary = summary
        self.keys = keys
    }

    public var keyNames: Set<String> { Set(keys.map(\.name)) }

    /// How the manual heads it: `[zoom]`, or `[sinks.NAME] type = "zoho"`.
    public var heading: String {
        guard let pluginType else { return "[\(name)]" }
        return "[\(name).NAME] type = \"\(pluginType)\""
    }
}
