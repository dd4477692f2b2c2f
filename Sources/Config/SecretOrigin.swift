import Foundation
import ZoomDashZoomAPI

/// Where a secret's value came from, by the precedence the loader applies: the environment, then a
/// systemd credential, then the config file (`zoomdashctl doctor` shows it).
public enum SecretOrigin: Sendable, Hashable, CustomStringConvertible {
    case environment(variable: String)
    /// The credential file that holds it.
    case credential(path: String)
    /// The key in the config file.
    case file(path: String, key: String)
    case missing

    public var description: String {
        switch self {
        case .environment(let variable): "env \(variable)"
        case .credential(let path): "credential \(path)"
        case .file(let path, let key): "\(path) (\(key))"
        case .missing: "not set"
        }
    }
}

extension SecretLookup {
    /// The file a credential is read from (`name`, or `zoomdash_name` as the unit may load it); nil
    /// when absent or empty, as ``credential(_:)`` sees it.
    public func credentialPath(_ name: String) -> String? {
        guard let directory = credentialsDirectory else { return nil }
        for file in [name, "zoomdash_" + name] {
            let path = directory + "/" + file
            if let secret = try? String(contentsOfFile: path, encoding: .utf8), !secret.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return path
            }
        }
        return nil
    }

    /// Where a secret comes from: env `variable`, else credential `credential`, else the file when
    /// `inFile` (the value the file gave is not empty).
    public func origin(environment variable: String, credential: String, inFile: Bool, file: String, key: String) -> SecretOrigin {
        if let value = environment[variable], !value.isEmpty { return .environment(variable: variable) }
        if let path = credentialPath(credential) { return .credential(path: path) }
        return inFile ? .file(path: file, key: key) : .missing
    }
}

extension ConfigSection {
    /// Where ``secret(_:credential:environment:)`` finds this secret.
    public func secretOrigin(_ key: String, credential: String, environment variable: String) -> SecretOrigin {
        let inFile = (try? string(key)).flatMap { $0 }.map { !$0.isEmpty } ?? false
        return secrets.origin(environment: variable, credential: credential, inFile: inFile, file: file, key: path + "." + key)
    }
}

extension ConfigLoader {
    /// The secrets of `[zoom]` and `[webhook]` and where each came from, for a config loaded from `file`.
    public func coreSecretOrigins(_ config: ZoomDashConfig, file: String) -> [(name: String, origin: SecretOrigin)] {
        let lookup = secretLookup(configFile: file)
        func origin(_ variable: String, _ credential: String, value: String, key: String) -> SecretOrigin {
            guard !value.isEmpty else { return .missing }
            return lookup.origin(environment: variable, credential: credential, inFile: true, file: file, key: key)
        }
        return [
            ("zoom.client_secret", origin("ZOOM_CLIENT_SECRET", "zoom-client-secret", value: config.zoom.clientSecret, key: "zoom.client_secret")),
            (
                "webhook.secret_token",
                origin("ZOOM_WEBHOOK_SECRET_TOKEN", "zoom-webhook-secret", value: config.webhook.secretToken, key: "webhook.secret_token")
            ),
        ]
    }

    /// Where secrets are looked for besides the environment: `$CREDENTIALS_DIRECTORY`, or for the
    /// installed config the directory the unit loads them from.
    public func credentialsDirectory(configFile: String) -> String? {
        secretLookup(configFile: configFile).credentialsDirectory
    }
}
