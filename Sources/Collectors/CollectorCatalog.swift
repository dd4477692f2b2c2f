import ZoomDashPipeline

/// Every collector type the product ships, by config `type` (`[collectors.NAME] type = …`). A new
/// collector is one file (a ``PluginType`` that is a ``Collector``) plus one line here.
public enum CollectorCatalog {
    public static var standard: PluginRegistry<any Collector, CollectorDependencies> {
        var registry = PluginRegistry<any Collector, CollectorDependencies>()
        registry.register(ParticipantsCollector.self) { $0 }
        registry.register(QualityCollector.self) { $0 }
        return registry
    }

    /// Live event sources with a life of their own (`[sources.NAME] type = …`); the webhook endpoint
    /// is built in.
    public static var sources: PluginRegistry<any LiveEventSource, SourceDependencies> {
        var registry = PluginRegistry<any LiveEventSource, SourceDependencies>()
        registry.register(ZoomWebSocketSource.self) { $0 }
        return registry
    }
}
