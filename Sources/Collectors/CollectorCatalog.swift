import Logging
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPipeline
import ZoomDashStorage
import ZoomDashZoomAPI

/// What a collector factory may use to build a collector.
public struct CollectorDependencies: Sendable {
    public var config: ZoomDashConfig
    public var store: ZoomDashStore
    public var client: ZoomAPIClient

    public init(config: ZoomDashConfig, store: ZoomDashStore, client: ZoomAPIClient) {
        self.config = config
        self.store = store
        self.client = client
    }
}

public enum CollectorCatalog {
    /// Every collector type the product ships, by config `type`.
    public static var standard: PluginRegistry<any Collector, CollectorDependencies> {
        var registry = PluginRegistry<any Collector, CollectorDependencies>()
        registry.register("zoom.participants") { dependencies in
            ParticipantsCollector(
                client: dependencies.client, store: dependencies.store,
                filter: MeetingFilter(dependencies.config.meetings), thresholds: dependencies.config.analysis,
                preferredSource: dependencies.config.zoom.source, concurrency: dependencies.config.zoom.concurrency)
        }
        return registry
    }
}
