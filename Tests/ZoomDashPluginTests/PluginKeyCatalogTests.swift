import Testing
import ZoomDashConfiguration
import ZoomDashPipeline
import ZoomDashPlugins

/// zoomdash.toml(5) lists each plugin's keys from PluginKeyCatalog; each plugin checks its keys against a
/// list of its own. Equal lists, for every type the build registers, or this fails.
@Suite struct PluginKeyCatalogTests {
    static let registered: [(kind: String, type: String)] =
        StandardPlugins.collectors.types.map { ("collectors", $0) } + StandardPlugins.sources.types.map { ("sources", $0) }
        + (StandardPlugins.exporters.types + StandardPlugins.notifiers.types).map { ("sinks", $0) }

    @Test func theCatalogHasEveryRegisteredTypeAndNoOther() {
        let catalog = Set(PluginKeyCatalog.sections.map { "\($0.name)/\($0.pluginType ?? "")" })
        #expect(catalog == Set(Self.registered.map { "\($0.kind)/\($0.type)" }))
    }

    @Test(arguments: PluginKeyCatalog.sections)
    func thePluginKnowsExactlyTheCatalogsKeys(section: ConfigSectionReference) throws {
        let type = try #require(section.pluginType)
        let probe = ConfigSection(file: "z.toml", path: "\(section.name).x", values: ["not_a_key_of_any_plugin": .integer(1)])
        let error = #expect(throws: ConfigError.self) {
            switch section.name {
            case "collectors": try StandardPlugins.collectors.validate(type: type, section: probe)
            case "sources": try StandardPlugins.sources.validate(type: type, section: probe)
            default:
                if StandardPlugins.kind(ofSink: type) == .notifier {
                    try StandardPlugins.notifiers.validate(type: type, section: probe)
                } else {
                    try StandardPlugins.exporters.validate(type: type, section: probe)
                }
            }
        }
        #expect(error?.key == "\(section.name).x.not_a_key_of_any_plugin")
        let message = error?.message ?? ""
        if section.keys.isEmpty {
            #expect(message.contains("it takes no keys of its own"))
        } else {
            let known = section.keys.map(\.name).sorted().joined(separator: ", ")
            #expect(message.contains("known keys are \(known) ("), "\(type): \(message)")
        }
    }
}
