import ZoomDashConfiguration
import ZoomDashPipeline


/// What a sink factory may use to build a sink.
public struct SinkDependencies: Sendable {
    public var config: ZoomDashConfig

    public init(config: ZoomDashConfig) {
        self.config = config
    }
}

public enum SinkCatalog {
    /// Every sink type the product ships, by config `type`.
    public static var standard: PluginRegistry<any Sink, SinkDependencies> {
        var registry = PluginRegistry<any Sink, SinkDependencies>()
        registry.register("csv") { CSVSink(directory: $0.config.export.directory) }
        return registry
    }
}
