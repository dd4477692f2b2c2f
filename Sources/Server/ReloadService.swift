import Logging
import ServiceLifecycle
import UnixSignals
import ZoomDashConfiguration
import ZoomDashPlatform
import ZoomDashPlugins

/// SIGHUP: re-read and validate the configuration; apply it, or keep the old one and log why.
struct ReloadService: Service {
    let runtime: Runtime

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            runtime.notifier.reloading()
            do {
                let config = try ConfigLoader().load(commandLinePath: runtime.configPath)
                try StandardPlugins.validate(config)
                let old = runtime.current.config
                if config.http != old.http || config.store != old.store || config.webhook.path != old.webhook.path {
                    runtime.logger.warning("[store], [http] and [webhook] path changes take effect at the next restart")
                }
                runtime.update(config)
                runtime.logger.notice("configuration reloaded")
            } catch {
                runtime.logger.error("configuration reload failed; keeping the previous configuration", metadata: ["error": "\(error)"])
            }
            runtime.notifier.ready(status: "configuration reloaded")
        }
    }
}
