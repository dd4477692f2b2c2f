import ZoomDashCore

/// `permissions`: no other local user can read a file that holds secrets (the config when a secret
/// is in it, each credential file used) or change the config; a dashboard users file that others can
/// read (password hashes) is a warning. "Others can read" means the file's mode lets them and every
/// directory above it lets them through.
struct PermissionsCheck: DoctorProbe {
    static let id = "permissions"
    let inventory: SecretInventory
    let configExists: Bool
    let usersFile: String?
    let files: any DoctorFileSystem

    enum Role {
        case config(holdsSecrets: Bool), credential, users
    }

    func examine() async -> DoctorCheck {
        let title = "File permissions"
        var checked: [(String, Role)] = []
        if configExists { checked.append((inventory.configPath, .config(holdsSecrets: inventory.fileHoldsSecrets))) }
        checked += inventory.credentialFiles.map { ($0, .credential) }
        if let usersFile, files.status(usersFile) != nil { checked.append((usersFile, .users)) }
        guard !checked.isEmpty else { return .skipped(Self.id, title, "no config, credential or users file to look at") }

        var problems: [String] = []
        var warnings: [String] = []
        var notes: [String] = []
        var fixes: [String] = []
        var exposed: [String] = []
        for (path, role) in checked {
            guard let status = files.status(path) else { continue }
            let shield = files.shieldingDirectory(of: path)
            let readable = status.permissions & 0o004 != 0 && shield == nil
            let writable = status.permissions & 0o002 != 0 && shield == nil
            let mode = "\(path) \(status.octal)"
            switch role {
            case .config(let holdsSecrets):
                if writable {
                    problems.append("\(mode): any local user can change the config (and send Zoom's secrets elsewhere)")
                    fixes.append("sudo chmod o-w \(path)")
                    exposed.append(path)
                } else if readable && holdsSecrets {
                    problems.append("\(mode): any local user can read the secrets in it")
                    fixes.append(
                        "move the secrets into credential files (mode 0600 in /etc/zoomdash/credentials: zoom-client-secret, zoom-webhook-secret, …) "
                            + "and out of \(path), or sudo chmod o-r \(path)")
                    exposed.append(path)
                } else {
                    notes.append(mode + (holdsSecrets ? ", holds secrets" : "") + shieldNote(status, shield))
                }
            case .credential:
                if readable || writable {
                    problems.append("\(mode): any local user can \(readable ? "read" : "change") this secret")
                    fixes.append("sudo chmod 600 \(path)")
                    exposed.append(path)
                } else {
                    notes.append(mode + shieldNote(status, shield))
                }
            case .users:
                if readable {
                    warnings.append("\(mode): any local user can read the dashboard's password hashes")
                    fixes.append("sudo chmod 640 \(path) (group of the daemon)")
                } else {
                    notes.append(mode + shieldNote(status, shield))
                }
            }
        }
        let facts: [String: DoctorFact] = ["checked": .list(checked.map(\.0)), "exposed": .list(exposed)]
        let fix = fixes.joined(separator: "; ")
        if !problems.isEmpty { return .problem(Self.id, title, (problems + warnings).joined(separator: "; "), fix: fix, facts: facts) }
        if !warnings.isEmpty { return .warning(Self.id, title, (warnings + notes).joined(separator: "; "), fix: fix, facts: facts) }
        return .ok(Self.id, title, "no other user can read them: " + notes.joined(separator: "; "), facts: facts)
    }

    private func shieldNote(_ status: FileStatus, _ shield: (path: String, status: FileStatus)?) -> String {
        guard status.permissions & 0o006 != 0, let shield else { return "" }
        return ", others kept out by \(shield.path) (\(shield.status.octal))"
    }
}
