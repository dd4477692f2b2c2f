import ZoomDashPipeline

/// Every sink type the product ships, by config `type` (`[sinks.NAME] type = …`). A new sink is one
/// file (a ``PluginType`` that is an ``Exporter`` or a ``Notifier``) plus one line here.
public enum SinkCatalog {
    public static var exporters: PluginRegistry<any Exporter, ExporterDependencies> {
        var registry = PluginRegistry<any Exporter, ExporterDependencies>()
        registry.register(CSVExporter.self) { $0 }
        registry.register(ZohoExporter.self) { $0 }
        return registry
    }

    public static var notifiers: PluginRegistry<any Notifier, NotifierDependencies> {
        var registry = PluginRegistry<any Notifier, NotifierDependencies>()
        registry.register(EventLogNotifier.self) { $0 }
        registry.register(MattermostNotifier.self) { $0 }
        registry.register(SlackNotifier.self) { $0 }
        return registry
    }
}
