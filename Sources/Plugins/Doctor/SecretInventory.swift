import ZoomDashCollectors
import ZoomDashConfiguration
import ZoomDashCore
import ZoomDashSinks

/// Every secret the configuration uses and where each came from (environment, systemd credential,
/// config file), for the secrets and permissions checks.
struct SecretInventory: Sendable {
    struct Entry: Sendable, Hashable {
        /// Dotted, like `zoom.client_secret` or `sinks.zoho.refresh_token`.
        var name: String
        var origin: SecretOrigin
        /// Whether nothing works without it (the Zoom client secret while Zoom is used).
        var required: Bool
    }

    var entries: [Entry]
    var configPath: String
    /// `$CREDENTIALS_DIRECTORY` or the installed config's credentials directory.
    var credentialsDirectory: String?

    /// The secrets of each sink type, as its settings read them (key, credential, environment variable).
    static let sinkSecrets: [String: [(key: String, credential: String, environment: String)]] = [
        ZohoExporter.type: [
            ("client_secret", "zoho-client-secret", "ZOHO_CLIENT_SECRET"), ("refresh_token", "zoho-refresh-token", "ZOHO_REFRESH_TOKEN"),
        ],
        MattermostNotifier.type: [("webhook_url", "chat-webhook-url", "ZOOMDASH_CHAT_WEBHOOK_URL")],
        SlackNotifier.type: [("webhook_url", "chat-webhook-url", "ZOOMDASH_CHAT_WEBHOOK_URL")],
    ]

    init(config: ZoomDashConfig, configPath: String, environment: [String: String], usesZoom: Bool) {
        let loader = ConfigLoader(environment: environment)
        self.configPath = configPath
        credentialsDirectory = loader.credentialsDirectory(configFile: configPath)
        entries = loader.coreSecretOrigins(config, file: configPath).map {
            Entry(name: $0.name, origin: $0.origin, required: $0.name == "zoom.client_secret" && usesZoom)
        }
        for (name, sink) in config.sinks.sorted(by: { $0.key < $1.key }) {
            for secret in Self.sinkSecrets[sink.type] ?? [] {
                let origin = sink.section.secretOrigin(secret.key, credential: secret.credential, environment: secret.environment)
                entries.append(Entry(name: "sinks.\(name).\(secret.key)", origin: origin, required: sink.enabled))
            }
        }
    }

    func origin(of name: String) -> SecretOrigin { entries.first { $0.name == name }?.origin ?? .missing }

    /// Whether the config file itself holds a secret.
    var fileHoldsSecrets: Bool {
        entries.contains { if case .file = $0.origin { true } else { false } }
    }

    /// The credential files secrets were read from.
    var credentialFiles: [String] {
        var seen = Set<String>()
        return entries.compactMap { entry -> String? in
            guard case .credential(let path) = entry.origin, seen.insert(path).inserted else { return nil }
            return path
        }
    }
}

/// `secrets`: which secrets are set and where each came from.
struct SecretsCheck: DoctorProbe {
    static let id = "secrets"
    let inventory: SecretInventory
    let files: any DoctorFileSystem

    func examine() async -> DoctorCheck {
        let title = "Secrets"
        let entries = inventory.entries
        let facts = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, DoctorFact.text(Self.fact($0.origin))) })
        let listed = entries.map { "\($0.name) \(Self.source($0.origin))" }.joined(separator: "; ")
        let missing = entries.filter { $0.required && $0.origin == .missing }
        guard missing.isEmpty else {
            let directory = inventory.credentialsDirectory ?? "/etc/zoomdash/credentials"
            let file = directory + "/zoom-client-secret"
            // Secrets this user may not read look absent: say so rather than ask for them again.
            if files.status(directory) != nil, !files.isReadable(directory) || (files.status(file) != nil && !files.isReadable(file)) {
                return .problem(
                    Self.id, title, "not readable by this user: \(missing.map(\.name).joined(separator: ", ")) (\(directory) keeps it from this user)",
                    fix: "run the doctor as root (`sudo zoomdashctl doctor`), as zoomdashd reads them", facts: facts)
            }
            return .problem(
                Self.id, title, "not set: \(missing.map(\.name).joined(separator: ", ")) (\(listed))",
                fix: "put the Zoom app's Client Secret in \(file) (mode 0600; zoomdashd loads it as the credential zoom-client-secret), "
                    + "or set ZOOM_CLIENT_SECRET",
                facts: facts)
        }
        return .ok(Self.id, title, listed, facts: facts)
    }

    /// `from env ZOOM_CLIENT_SECRET`, `from credential /path`, `in the config file`, `not set`.
    static func source(_ origin: SecretOrigin) -> String {
        switch origin {
        case .environment, .credential: "from \(origin)"
        case .file: "in the config file"
        case .missing: "not set"
        }
    }

    /// `env:VAR`, `credential:/path`, `file:/path`, `missing`.
    static func fact(_ origin: SecretOrigin) -> String {
        switch origin {
        case .environment(let variable): "env:\(variable)"
        case .credential(let path): "credential:\(path)"
        case .file(let path, _): "file:\(path)"
        case .missing: "missing"
        }
    }
}
