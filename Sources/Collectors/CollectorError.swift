/// Errors of the collectors module that are not the store's or Zoom's, worded for the admin.
public enum CollectorError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A webhook event arrived after the daemon began shutting down; it was not stored.
    case shuttingDown

    public var description: String {
        switch self {
        case .shuttingDown: "zoomdashd is shutting down and did not store the event; Zoom retries it once the daemon is back"
        }
    }
}
