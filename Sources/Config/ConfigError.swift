/// A configuration problem, naming the file, the key and (when known) the line.
/// `zoomdashctl` and `zoomdashd check-config` exit with ``exitCode`` (78, EX_CONFIG) on it.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Hashable {
    public var file: String
    public var key: String?
    public var line: Int?
    public var message: String

    public static let exitCode: Int32 = 78

    public init(file: String, key: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.key = key
        self.line = line
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let key { return "\(location): \(key): \(message)" }
        return "\(location): \(message)"
    }
}
