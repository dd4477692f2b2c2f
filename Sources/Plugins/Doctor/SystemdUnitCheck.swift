import ZoomDashCore

/// `systemd`: when the `zoomdashd` unit is installed, that it is active, how often it restarted and
/// why it last stopped, and that its watchdog is on. Skipped without systemd or without the unit.
struct SystemdUnitCheck: DoctorProbe {
    static let id = "systemd"
    public static let unit = "zoomdashd"
    static let properties = ["LoadState", "ActiveState", "SubState", "NRestarts", "Result", "WatchdogUSec", "ExecMainStatus"]
    let services: any ServiceManager

    func examine() async -> DoctorCheck {
        let title = "systemd unit"
        let values: [String: String]
        switch await services.show(unit: Self.unit, properties: Self.properties) {
        case .failure(let unavailable): return .skipped(Self.id, title, "no systemd to ask: \(unavailable.reason)")
        case .success(let properties): values = properties
        }
        let load = values["LoadState"] ?? ""
        guard load == "loaded" else {
            return .skipped(
                Self.id, title, load == "not-found" || load.isEmpty
                    ? "the \(Self.unit) unit is not installed (`sudo make install-files` installs it)" : "the \(Self.unit) unit is \(load)")
        }
        let facts = values.mapValues(DoctorFact.text)
        let active = values["ActiveState"] ?? "unknown"
        let sub = values["SubState"] ?? ""
        let restarts = Int(values["NRestarts"] ?? "") ?? 0
        let result = values["Result"] ?? "unknown"
        let watchdog = values["WatchdogUSec"] ?? "0"
        let logs = "`journalctl -u \(Self.unit) -e` shows why"
        switch active {
        case "failed":
            return .problem(
                Self.id, title, "\(Self.unit) failed (result \(result), exit status \(values["ExecMainStatus"] ?? "?")) after \(restarts) restarts",
                fix: "\(logs); then `sudo systemctl restart \(Self.unit)`", facts: facts)
        case "inactive":
            return .warning(
                Self.id, title, "\(Self.unit) is installed but not running (last result \(result)): nothing is collected",
                fix: "`sudo systemctl enable --now \(Self.unit)`", facts: facts)
        case "active", "reloading":
            var warnings: [String] = []
            if restarts > 0 { warnings.append("restarted \(restarts) time\(restarts == 1 ? "" : "s") since it was started (last result \(result))") }
            if watchdog == "0" || watchdog.isEmpty { warnings.append("its watchdog is off (the shipped unit sets WatchdogSec=60s)") }
            let state = "\(Self.unit) is \(active) (\(sub)), watchdog \(watchdog), \(restarts) restarts"
            if !warnings.isEmpty {
                return .warning(
                    Self.id, title, "\(Self.unit) is \(active) (\(sub)) but " + warnings.joined(separator: "; "),
                    fix: restarts > 0 ? logs : "install the shipped unit again (`sudo make install-files`)", facts: facts)
            }
            return .ok(Self.id, title, state, facts: facts)
        default:
            return .warning(Self.id, title, "\(Self.unit) is \(active) (\(sub))", fix: "run doctor again in a moment; \(logs)", facts: facts)
        }
    }
}
