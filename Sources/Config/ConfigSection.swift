import Foundation

/// A value of the configuration file, kept for a plugin to read (TOML's types).
public enum ConfigValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case array([ConfigValue])
    case table([String: ConfigValue])

    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "a whole number"
        case .double: "a number"
        case .bool: "true or false"
        case .array: "a list"
        case .table: "a table"
        }
    }
}

/// One plugin's section of the configuration (`[sinks.csv]`, say) without the keys the pipeline reads
/// itself (`type`, `enabled`, `interval`, `lookback`). The plugin reads and validates its own keys through
/// it, so every error still names the file, the line and the dotted key, and `zoomdashctl check-config`
/// exits 78 on it.
public struct ConfigSection: Sendable, Hashable {
    public let file: String
    /// The section's dotted name, like `sinks.csv`.
    public let path: String
    public let values: [String: ConfigValue]
    let lines: [String: Int]
    /// Where the plugin's secrets may come from besides its keys (set by ``ConfigLoader``).
    public var secrets = SecretLookup()

    public init(file: String, path: String, values: [String: ConfigValue] = [:], lines: [String: Int] = [:]) {
        self.file = file
        self.path = path
        self.values = values
        self.lines = lines
    }

    /// An error about `key` of this section (the section itself when nil).
    public func error(_ key: String?, _ message: String) -> ConfigError {
        let keyPath = key.map { path + "." + $0 } ?? path
        return ConfigError(file: file, key: keyPath, line: key.flatMap { lines[$0] } ?? lines[""], message: message)
    }

    /// A secret of the plugin: the environment variable `variable`, else the systemd credential
    /// `credential` (`$CREDENTIALS_DIRECTORY/credential`), else `key` in the file; nil when none is set.
    public func secret(_ key: String, credential: String, environment variable: String) throws(ConfigError) -> String? {
        if let value = secrets.environment[variable], !value.isEmpty { return value }
        if let value = secrets.credential(credential) { return value }
        return try string(key).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Fails on the first key the plugin does not know, listing those it does.
    public func rejectUnknownKeys(_ known: Set<String>) throws(ConfigError) {
        for key in values.keys.sorted() where !known.contains(key) {
            let list = known.isEmpty ? "it takes no keys of its own" : "known keys are \(known.sorted().joined(separator: ", "))"
            throw error(key, "unknown key; \(list) (besides the pipeline's type, enabled, interval…)")
        }
    }

    public func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = values[key] else { return nil }
        guard case .string(let text) = value else { throw error(key, "must be a string (in quotes), found \(value.typeName)") }
        return text
    }

    public func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let value = values[key] else { return nil }
        guard case .integer(let number) = value else { throw error(key, "must be a whole number, found \(value.typeName)") }
        guard range.contains(number) else { throw error(key, "must be between \(range.lowerBound) and \(range.upperBound), not \(number)") }
        return number
    }

    public func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = values[key] else { return nil }
        guard case .bool(let flag) = value else { throw error(key, "must be true or false, found \(value.typeName)") }
        return flag
    }

    public func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = values[key] else { return nil }
        guard case .array(let items) = value else { throw error(key, "must be a list like [\"a\", \"b\"], found \(value.typeName)") }
        return try items.map { (item: ConfigValue) throws(ConfigError) -> String in
            guard case .string(let text) = item else { throw error(key, "must list strings (in quotes), found \(item.typeName)") }
            return text
        }
    }

    /// `"90s"`, `"15m"`, `"6h"`, `"1d"` or a number of seconds.
    public func duration(_ key: String, minimum: Int64) throws(ConfigError) -> Int64? {
        guard let value = values[key] else { return nil }
        let seconds: Int64?
        switch value {
        case .integer(let number): seconds = Int64(number)
        case .string(let text): seconds = DurationText.seconds(text)
        default: seconds = nil
        }
        guard let seconds, seconds >= minimum else {
            throw error(key, "must be a duration of at least \(minimum) s, like \"15m\", \"6h\" or \"90s\"")
        }
        return seconds
    }

    /// A number (whole or not) within `range`.
    public func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let value = values[key] else { return nil }
        let number: Double
        switch value {
        case .integer(let whole): number = Double(whole)
        case .double(let fraction): number = fraction
        default: throw error(key, "must be a number, found \(value.typeName)")
        }
        guard range.contains(number) else { throw error(key, "must be between \(range.lowerBound) and \(range.upperBound), not \(number)") }
        return number
    }
}

/// The environment and systemd credentials a plugin's secrets are read from.
public struct SecretLookup: Sendable, Hashable {
    public var environment: [String: String]
    /// `$CREDENTIALS_DIRECTORY` (or, outside the unit, the installed config's credentials directory).
    public var credentialsDirectory: String?

    public init(environment: [String: String] = [:], credentialsDirectory: String? = nil) {
        self.environment = environment
        self.credentialsDirectory = credentialsDirectory
    }

    /// A credential file's trimmed content (also as `zoomdash_NAME`, as the unit may load it); nil when
    /// absent or empty.
    public func credential(_ name: String) -> String? {
        guard let directory = credentialsDirectory else { return nil }
        for file in [name, "zoomdash_" + name] {
            if let secret = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines), !secret.isEmpty
            {
                return secret
            }
        }
        return nil
    }
}
