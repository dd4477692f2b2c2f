import Testing
import ZoomDashConfiguration

/// zoomdash.toml(5) is printed from ConfigKeyCatalog, and the loader takes its known keys from it;
/// these prove the other direction: every key in the catalog is one the loader really reads.
@Suite struct ConfigKeyCatalogTests {
    let loader = ConfigLoader(environment: [:])

    static let fixedKeys = ConfigKeyCatalog.sections.flatMap { section in section.keys.map { "\(section.name).\($0.name)" } }

    /// An inline table is a value no key accepts, so a key the loader reads fails naming itself; one it
    /// only allowed and never read would pass silently.
    @Test(arguments: fixedKeys)
    func everyFixedKeyIsRead(path: String) throws {
        let parts = path.split(separator: ".")
        let error = #expect(throws: ConfigError.self) {
            _ = try loader.parse("[\(parts[0])]\n\(parts[1]) = { not_a_value = 1 }\n", file: "z.toml")
        }
        #expect(error?.key == path)
        #expect(error?.line == 2)
    }

    @Test(arguments: ConfigKeyCatalog.pluginKinds)
    func everyPipelineKeyIsRead(kind: String) throws {
        for key in ConfigKeyCatalog.pipelineKeys[kind] ?? [] {
            let type = kind == "sinks" ? "csv" : kind == "collectors" ? "zoom.qos" : "zoom.websocket"
            let typeLine = key.name == "type" ? "" : "type = \"\(type)\"\n"
            let error = #expect(throws: ConfigError.self) {
                _ = try loader.parse("[\(kind).x]\n\(typeLine)\(key.name) = { not_a_value = 1 }\n", file: "z.toml")
            }
            #expect(error?.key == "\(kind).x.\(key.name)")
        }
    }

    @Test func aKeyOutsideTheCatalogIsRejectedWithTheCatalogsList() throws {
        let error = #expect(throws: ConfigError.self) { _ = try loader.parse("[webhook]\nsecret = \"x\"\n", file: "z.toml") }
        let known = ConfigKeyCatalog.sections.first { $0.name == "webhook" }!.keys.map(\.name).sorted().joined(separator: ", ")
        #expect(error?.message == "unknown key; known keys in [webhook] are \(known)")
    }

    @Test func theManualPageDescribesEveryKeyOnce() {
        let page = ConfigManualPage(version: "9.9.9", date: "2026-12-01").render()
        let lines = page.split(separator: "\n").map(String.init)
        #expect(lines.first == ".TH ZOOMDASH.TOML 5 \"2026-12-01\" \"zoomdash 9.9.9\" \"ZoomDash\"")
        let tags = lines.filter { $0.hasPrefix(".BI ") }
        var expected = ConfigKeyCatalog.sections.reduce(0) { $0 + $1.keys.count }
        expected += ConfigKeyCatalog.pipelineKeys.values.reduce(0) { $0 + $1.count }
        expected += PluginKeyCatalog.sections.reduce(0) { $0 + $1.keys.count }
        #expect(tags.count == expected)
        for section in ConfigKeyCatalog.sections {
            #expect(lines.contains(".SS \"[\(section.name)]\""))
            for key in section.keys { #expect(tags.contains { $0.hasPrefix(".BI \"\(key.name)\" ") }, "\(section.name).\(key.name)") }
        }
        for section in PluginKeyCatalog.sections {
            #expect(lines.contains(".SS \"[\(section.name).NAME] type = \\(dq\(section.pluginType ?? "")\\(dq\""))
        }
        // A text line that began with a dot or quote would be read as a roff request.
        for line in lines where !line.hasPrefix(".") { #expect(!line.hasPrefix("'")) }
    }
}
