/// What can stop the dashboard, each with what to do about it.
public enum DashboardError: Error, CustomStringConvertible, Sendable {
    case usersFileUnreadable(path: String, reason: String)
    case usersFileLine(path: String, line: Int, problem: String)
    /// A request parameter with a value the API cannot use (answered with 400).
    case badParameter(name: String, problem: String)
    case notFound(String)

    public var description: String {
        switch self {
        case .usersFileUnreadable(let path, let reason):
            "[dashboard] users_file \(path) cannot be read (\(reason)); create it with `htpasswd -B -c \(path) NAME` and make it readable by the zoomdash user"
        case .usersFileLine(let path, let line, let problem):
            "[dashboard] users_file \(path), line \(line): \(problem)"
        case .badParameter(let name, let problem): "\(name): \(problem)"
        case .notFound(let what): what
        }
    }
}
