/// What keeps the daemon from serving, in words an admin can act on.
public enum ServerError: Error, CustomStringConvertible, Equatable {
    /// `listeners`: those that had not started when the address turned out taken, as
    /// `[http] 127.0.0.1:9465` (the one that failed is among them).
    case addressInUse(listeners: [String])

    public var description: String {
        switch self {
        case .addressInUse(let listeners):
            "cannot listen on \(listeners.joined(separator: " or ")): the address is already in use. Another zoomdashd, or another "
                + "program, is listening there: stop it (`systemctl status zoomdashd`, `ss -ltnp`) or give that section another `listen` address."
        }
    }

    /// Exit status for it (EX_UNAVAILABLE): systemd restarts the unit, which succeeds once the port is free.
    public static let exitCode: Int32 = 69
}
