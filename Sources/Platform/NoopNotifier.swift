/// A notifier for processes that no service manager supervises (`zoomdashctl`, tests): does nothing.
public struct NoopNotifier: ServiceManagerNotifier {
    public init() {}

    public func ready(status: String) {}
    public func status(_ text: String) {}
    public func watchdog() {}
    public func reloading() {}
    public func stopping() {}
    public var watchdogInterval: Duration? { nil }
}
