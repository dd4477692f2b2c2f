import Foundation
import Logging
import NIOPosix
import Synchronization

/// Who may see what: the accounts of the users file (re-read when it changes, so `htpasswd` takes
/// effect without a restart), login sessions, and the throttle on failed logins.
public final class DashboardAccess: Sendable {
    /// Who a request comes from.
    public enum Viewer: Sendable, Hashable {
        case user(String)
        /// A loopback listener without a users file: everyone on the machine.
        case local
        case nobody

        var name: String? {
            if case .user(let name) = self { return name }
            return nil
        }
    }

    let usersFile: String?
    let sessions: SessionStore
    private let accounts: Mutex<(accounts: Accounts, modified: Date?)>
    private let throttle = Mutex(LoginThrottle())
    private let logger: Logger

    /// Reads the users file now: a missing or bad file stops the start (exit 78) rather than leaving
    /// a dashboard nobody can log in to.
    public init(usersFile: String?, sessionSeconds: Int64, logger: Logger) throws(DashboardError) {
        self.usersFile = usersFile
        self.logger = logger
        sessions = SessionStore(lifetime: sessionSeconds)
        if let usersFile {
            accounts = Mutex((try Accounts.load(path: usersFile), Self.modified(usersFile)))
        } else {
            accounts = Mutex((Accounts(hashes: [:]), nil))
        }
    }

    public var requiresLogin: Bool { usersFile != nil }

    /// The viewer of a request with this session cookie and `Authorization` header.
    public func viewer(cookie: String?, authorization: String?, client: String, now: Int64) async -> Viewer {
        guard usersFile != nil else { return .local }
        if let cookie, let user = await sessions.user(token: cookie, now: now), current().hashes[user] != nil { return .user(user) }
        if let authorization, let (user, password) = Self.basic(authorization) {
            if await check(user: user, password: password, client: client, now: now) == .ok { return .user(user) }
        }
        return .nobody
    }

    public enum LoginResult: Sendable, Equatable {
        case ok
        case wrong
        case wait(seconds: Int64)
    }

    /// Checks a password (bcrypt, off the event loop), throttled per client address and logged when wrong.
    public func check(user: String, password: String, client: String, now: Int64) async -> LoginResult {
        let wait = throttle.withLock { $0.wait(client: client, now: now) }
        if wait > 0 { return .wait(seconds: wait) }
        let accounts = current()
        let ok = (try? await NIOThreadPool.singleton.runIfActive { accounts.verify(user: user, password: password) }) ?? false
        if ok {
            throttle.withLock { $0.succeeded(client: client) }
            return .ok
        }
        throttle.withLock { $0.failed(client: client, now: now) }
        logger.warning("dashboard login failed", metadata: ["dashboard.user": "\(user)", "dashboard.client": "\(client)"])
        return .wrong
    }

    /// The accounts, re-read first if the file changed since (a bad new file keeps the old accounts, and says so).
    func current() -> Accounts {
        guard let usersFile else { return Accounts(hashes: [:]) }
        let modified = Self.modified(usersFile)
        return accounts.withLock { state in
            guard modified != state.modified else { return state.accounts }
            do {
                state.accounts = try Accounts.load(path: usersFile)
                logger.notice("dashboard accounts re-read", metadata: ["dashboard.users": "\(state.accounts.hashes.count)"])
            } catch {
                logger.error("dashboard users file changed but cannot be used; keeping the accounts read before", metadata: ["error": "\(error)"])
            }
            state.modified = modified
            return state.accounts
        }
    }

    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// `Basic base64(user:password)`.
    static func basic(_ header: String) -> (String, String)? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1])),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
