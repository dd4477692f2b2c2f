import Foundation
import HummingbirdBcrypt

/// The accounts of an htpasswd file with bcrypt hashes (`htpasswd -B`, from Debian's apache2-utils).
/// Other hash kinds (MD5 `$apr1$`, SHA, crypt) are refused with the line that has one: they are
/// weak, and accepting some would make it unclear which accounts really work.
public struct Accounts: Sendable, Hashable {
    public private(set) var hashes: [String: String]

    public init(hashes: [String: String]) {
        self.hashes = hashes
    }

    public static func parse(_ text: String, path: String) throws(DashboardError) -> Accounts {
        var hashes: [String: String] = [:]
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw .usersFileLine(path: path, line: index + 1, problem: "expected NAME:HASH, as `htpasswd -B` writes")
            }
            let name = String(line[..<colon])
            let hash = String(line[line.index(after: colon)...])
            guard Self.isBcrypt(hash) else {
                throw .usersFileLine(
                    path: path, line: index + 1,
                    problem: "the account \"\(name)\" does not have a bcrypt hash; set its password again with `htpasswd -B \(path) \(name)`")
            }
            hashes[name] = hash
        }
        return Accounts(hashes: hashes)
    }

    public static func load(path: String) throws(DashboardError) -> Accounts {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .usersFileUnreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(text, path: path)
    }

    static func isBcrypt(_ hash: String) -> Bool {
        hash.count == 60 && ["$2a$", "$2b$", "$2y$"].contains(where: hash.hasPrefix)
    }

    /// Slow on purpose (bcrypt): call it off the event loop. An unknown name costs the same time as a
    /// wrong password, so timing does not tell which names exist.
    public func verify(user: String, password: String) -> Bool {
        guard let hash = hashes[user] else {
            _ = Bcrypt.verify(password, hash: Self.decoy)
            return false
        }
        // `$2y$` (PHP's and htpasswd's spelling) is the same algorithm as `$2b$`, which the C code knows.
        let known = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        return Bcrypt.verify(password, hash: known)
    }

    private static let decoy = "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"
}

extension Accounts {
    /// `text` (a users file) with `user`'s password set to a new bcrypt hash: its line replaced, or
    /// appended; every other line (comments too) kept as it was.
    public static func setting(user: String, password: String, in text: String, cost: UInt8 = 12) throws(DashboardError) -> String {
        guard !user.isEmpty, !user.contains(":"), !user.contains(where: \.isWhitespace) else {
            throw .badParameter(name: "user", problem: "\"\(user)\" cannot be an account name: use letters, digits, dots or dashes, no colon or space")
        }
        guard password.count >= 8 else { throw .badParameter(name: "password", problem: "must be at least 8 characters long") }
        let line = "\(user):\(Bcrypt.hash(password, cost: cost))"
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let index = lines.firstIndex(where: { $0.hasPrefix(user + ":") }) {
            lines[index] = line
        } else {
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
