import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashPipeline
import ZoomDashSinks

/// The plugins this build ships, and the check that a configuration names only plugins it has, with
/// sections they accept. `zoomdashd` (at start and on reload) and `zoomdashctl` run the check, so a
/// typo in any plugin's section is a configuration error (exit 78) naming file, line and key.
public enum StandardPlugins {
    public static let collectors = CollectorCatalog.standard
    public static let sources = CollectorCatalog.sources
    public static let exporters = SinkCatalog.exporters
    public static let notifiers = SinkCatalog.notifiers

    public enum SinkKind: Sendable { case exporter, notifier }

    /// Whether `type` names an exporter or a notifier; nil when neither.
    public static func kind(ofSink type: String) -> SinkKind? {
        if exporters.knows(type) { return .exporter }
        if notifiers.knows(type) { return .notifier }
        return nil
    }

    public static func validate(_ config: ZoomDashConfig) throws(ConfigError) {
        for (_, collector) in config.collectors.sorted(by: { $0.key < $1.key }) {
            try collectors.validate(type: collector.type, section: collector.section)
        }
        for (_, source) in config.sources.sorted(by: { $0.key < $1.key }) {
            try sources.validate(type: source.type, section: source.section)
        }
        for (_, sink) in config.sinks.sorted(by: { $0.key < $1.key }) {
            switch kind(ofSink: sink.type) {
            case .exporter: try exporters.validate(type: sink.type, section: sink.section)
            case .notifier:
                try notifiers.validate(type: sink.type, section: sink.section)
                if sink.type == MattermostNotifier.type || sink.type == SlackNotifier.type {
                    try ChatSettings.check(sink.section, presence: config.presence)
                }
            case nil:
                let known = (exporters.types + notifiers.types).sorted().joined(separator: ", ")
                throw sink.section.error("type", "unknown sink type \"\(sink.type)\"; known types are \(known)")
            }
        }
    }
}
