extension Duration {
    /// The duration in seconds, as metrics, timeouts and systemd's watchdog take them.
    public var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
