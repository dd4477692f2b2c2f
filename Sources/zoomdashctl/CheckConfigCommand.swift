import ArgumentParser
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashPlugins
import ZoomDashZoomAPI

struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration and print what will be used (secrets masked).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let config: ZoomDashConfig
        do {
            config = try CommandEnvironment(options).config
        } catch {
            throw fail(error)
        }
        let zoom = config.zoom
        print("store.path        \(config.store.path)")
        print("export.directory  \(config.export.directory)")
        print("zoom              \(zoom.apiURL) (oauth \(zoom.oauthURL)), plan \(zoom.plan.rawValue), source \(zoom.source.rawValue)")
        print("zoom credentials  account_id \(zoom.accountID.isEmpty ? "MISSING" : "set"), client_id \(zoom.clientID.isEmpty ? "MISSING" : "set"), client_secret \(zoom.clientSecret.isEmpty ? "MISSING" : "set")")
        print("meetings          include \(config.meetings.includeTopics), exclude \(config.meetings.excludeTopics), hosts \(config.meetings.hosts.count), ids \(config.meetings.meetingIDs.count)")
        let analysis = config.analysis
        print("analysis          grace \(analysis.reconnectGraceSeconds)s, window \(analysis.collectiveWindowSeconds)s, min \(analysis.collectiveMinParticipants) people / \(analysis.collectiveMinFraction), account min \(analysis.accountMinMeetings) meetings")
        for (name, collector) in config.collectors.sorted(by: { $0.key < $1.key }) {
            let schedule = collector.schedule
            print("collectors.\(name)  type \(collector.type), \(schedule.enabled ? "every \(schedule.intervalSeconds)s, looking back \(schedule.lookbackSeconds)s" : "disabled")")
        }
        for (name, sink) in config.sinks.sorted(by: { $0.key < $1.key }) {
            let kind = StandardPlugins.kind(ofSink: sink.type) == .notifier ? "notifier" : "exporter"
            print("sinks.\(name)  type \(sink.type) (\(kind)), \(sink.enabled ? "every \(sink.intervalSeconds)s and after changes" : "disabled")")
        }
        print("config OK")
    }
}
