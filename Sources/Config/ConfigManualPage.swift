import Foundation

/// `zoomdash.toml(5)` in roff, from ``ConfigKeyCatalog`` and ``PluginKeyCatalog``: every key with its
/// type, default and meaning. `zoomdashctl config-reference` prints it; `make deb` installs it.
public struct ConfigManualPage: Sendable {
    public var version: String
    /// `yyyy-mm-dd`, the build's date (the package passes its changelog's, so rebuilds are identical).
    public var date: String

    public init(version: String, date: String) {
        self.version = version
        self.date = date
    }

    public func render() -> String {
        var out: [String] = [
            ".TH ZOOMDASH.TOML 5 \"\(date)\" \"zoomdash \(version)\" \"ZoomDash\"",
            ".SH NAME",
            "zoomdash.toml \\- configuration of zoomdashd and zoomdashctl",
            ".SH SYNOPSIS",
            ".B /etc/zoomdash/zoomdash.toml",
            ".SH DESCRIPTION",
        ]
        out += paragraphs(Self.description)
        out.append(".SH SECTIONS")
        for section in ConfigKeyCatalog.sections { out += render(section) }
        out.append(".SH PLUGINS")
        out += paragraphs([
            "Collectors, live sources and sinks are plugins: each [collectors.NAME], [sources.NAME] or [sinks.NAME] section names its plugin with type and may set the keys the pipeline reads for every plugin of its kind, then the plugin's own keys. Unknown types and keys are errors naming file, line and key."
        ])
        for kind in ConfigKeyCatalog.pluginKinds {
            out.append(".SS \"\(argument("Every [\(kind).NAME]"))\"")
            for key in ConfigKeyCatalog.pipelineKeys[kind] ?? [] { out += render(key) }
        }
        for section in PluginKeyCatalog.sections { out += render(section) }
        out += [".SH FILES", ".TP", ".B /etc/zoomdash/zoomdash.toml"]
        out += paragraphs(["This file (a conffile of the package)."], tagged: true)
        out += [".TP", ".B /etc/zoomdash/credentials/"]
        out += paragraphs(
            ["Secrets, one per file (mode 0600, the directory 0700), loaded by the unit with LoadCredential=: zoom-client-secret, zoom-webhook-secret, zoho-client-secret, zoho-refresh-token, chat-webhook-url. Absent files are skipped."],
            tagged: true)
        out += [".TP", ".B /var/lib/zoomdash/"]
        out += paragraphs(["The daemon's state directory: the SQLite store and the default export directory."], tagged: true)
        out.append(".SH ENVIRONMENT")
        for (name, meaning) in Self.environment {
            out += [".TP", ".B \(name)"]
            out += paragraphs([meaning], tagged: true)
        }
        out += [".SH SEE ALSO", "zoomdashd(1), zoomdashctl(1), zoomdashctl.check-config(1), zoomdashctl.doctor(1), systemd.exec(5)"]
        return out.joined(separator: "\n") + "\n"
    }

    static let description = [
        "ZoomDash reads its configuration from a TOML file: /etc/zoomdash/zoomdash.toml, or the file given with --config or ZOOMDASH_CONFIG. Every key is optional; a missing file means every default. A key the program does not know, or a value of the wrong type or out of range, is an error naming the file, line and key (zoomdashctl check-config exits 78 on it), so a typo never falls back to a default silently. The daemon re-reads the file on systemctl reload and keeps the old configuration when the new one is invalid.",
        "A duration is a string like \"90s\", \"15m\", \"6h\" or \"1d\", or a number of seconds. A host:port is like \"127.0.0.1:9465\". Meeting ids are numbers (or strings of digits).",
        "Secrets come, in this order, from the environment, from systemd credentials (files in /etc/zoomdash/credentials, which the unit loads with LoadCredential=; zoomdashctl run as root with the installed file reads them there too), then from this file. Keep them out of this file, which the service's dynamic user must be able to read.",
    ]

    static let environment: [(String, String)] = [
        ("ZOOMDASH_CONFIG", "The file to read instead of /etc/zoomdash/zoomdash.toml (--config wins)."),
        ("ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET", "Override [zoom] account_id, client_id, client_secret."),
        ("ZOOM_WEBHOOK_SECRET_TOKEN", "Overrides [webhook] secret_token."),
        ("ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN, ZOOMDASH_CHAT_WEBHOOK_URL", "The Zoho and chat sinks' secrets."),
        ("CREDENTIALS_DIRECTORY, STATE_DIRECTORY", "Set by systemd: where the credentials are, and the default store's directory."),
    ]

    private func render(_ section: ConfigSectionReference) -> [String] {
        var out = [".SS \"\(argument(section.heading))\""]
        out += paragraphs([section.summary])
        for key in section.keys { out += render(key) }
        return out
    }

    private func render(_ key: ConfigKeyReference) -> [String] {
        [".TP", ".BI \"\(argument(key.name))\" \" (\(argument(key.type)), default \(argument(key.defaultValue)))\"", escape(key.meaning)]
    }

    private func paragraphs(_ texts: [String], tagged: Bool = false) -> [String] {
        // A .TP item's text follows its tag directly; elsewhere each text is a paragraph of its own.
        texts.enumerated().flatMap { index, text in index == 0 && tagged ? [escape(text)] : [".PP", escape(text)] }
    }

    /// Text inside a quoted macro argument, where a double quote is `\(dq`.
    private func argument(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\"", with: "\\(dq")
    }

    /// roff: a backslash is `\e`, and a line must not start with a control character.
    private func escape(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\e")
        guard let first = escaped.first, first == "." || first == "'" else { return escaped }
        return "\\&" + escaped
    }
}
