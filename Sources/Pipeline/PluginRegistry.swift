/// Maps a config `type` (such as `"zoom.participants"` or `"csv"`) to a factory.
public struct PluginRegistry<Plugin, Dependencies>: Sendable {
    public typealias Factory = @Sendable (Dependencies) throws -> Plugin
    private var factories: [String: Factory] = [:]

    public init() {}

    public mutating func register(_ type: String, factory: @escaping Factory) {
        factories[type] = factory
    }

    public var types: [String] { factories.keys.sorted() }

    public func make(_ type: String, _ dependencies: Dependencies) throws -> Plugin {
        guard let factory = factories[type] else { throw PluginError.unknownType(type, known: types) }
        return try factory(dependencies)
    }
}

public enum PluginError: Error, CustomStringConvertible, Sendable {
    case unknownType(String, known: [String])

    public var description: String {
        switch self {
        case .unknownType(let type, let known):
            return "unknown plugin type \"\(type)\"; known types are \(known.joined(separator: ", "))"
        }
    }
}
