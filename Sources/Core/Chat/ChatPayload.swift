/// The JSON bodies of Mattermost and Slack incoming webhooks for a ``ChatMessage``
/// (/work/shared/reference/integrations.md §2). Built by hand with careful escaping: the pure core
/// has no JSON encoder, and the tests parse every payload back.
public enum ChatPayload {
    public enum Flavor: String, Sendable, Hashable, CaseIterable {
        case mattermost
        case slack
    }

    /// Slack refuses a section text over 3,000 characters; Mattermost splits posts over 16,383.
    static let slackSectionLimit = 2900

    /// - Parameters: `channel` and `username` are sent only when set (Mattermost honours them when the
    ///   server allows overrides; Slack only on legacy webhooks).
    public static func json(_ message: ChatMessage, flavor: Flavor, channel: String? = nil, username: String? = nil) -> String {
        var members: [(String, JSON)] = []
        switch flavor {
        case .mattermost:
            let headline = mattermost(message.headline)
            let body = message.details.map(mattermost).joined(separator: "\n")
            members.append(("text", .string(headline)))
            if let channel { members.append(("channel", .string(channel))) }
            if let username { members.append(("username", .string(username))) }
            var attachment: [(String, JSON)] = [
                ("fallback", .string(message.plainText)), ("color", .string(message.severity.color)), ("title", .string(message.title)),
            ]
            if let link = message.link { attachment.append(("title_link", .string(link))) }
            if !body.isEmpty { attachment.append(("text", .string(body))) }
            if !message.fields.isEmpty { attachment.append(("fields", fields(message.fields))) }
            members.append(("attachments", .array([.object(attachment)])))
        case .slack:
            members.append(("text", .string(slackEscaped(message.headline.plain))))
            if let channel { members.append(("channel", .string(channel))) }
            if let username { members.append(("username", .string(username))) }
            var blocks: [JSON] = [section(slack(message.headline))]
            let body = message.details.map(slack).joined(separator: "\n")
            if !body.isEmpty { blocks.append(section(body)) }
            var attachment: [(String, JSON)] = [
                ("color", .string(message.severity.color)), ("fallback", .string(slackEscaped(message.plainText))), ("title", .string(message.title)),
            ]
            if let link = message.link { attachment.append(("title_link", .string(link))) }
            if !message.fields.isEmpty { attachment.append(("fields", fields(message.fields))) }
            members.append(("blocks", .array(blocks)))
            members.append(("attachments", .array([.object(attachment)])))
        }
        return JSON.object(members).text
    }

    static func fields(_ fields: [ChatMessage.Field]) -> JSON {
        .array(fields.map { .object([("title", .string($0.title)), ("value", .string($0.value)), ("short", .bool($0.short))]) })
    }

    static func section(_ text: String) -> JSON {
        let cut = text.count > slackSectionLimit ? String(text.prefix(slackSectionLimit - 1)) + "…" : text
        return .object([("type", .string("section")), ("text", .object([("type", .string("mrkdwn")), ("text", .string(cut))]))])
    }

    static func mattermost(_ line: ChatMessage.Line) -> String {
        let bold = line.bold.map { lead -> String in
            // Indentation and bullets stay outside the markup, or Markdown would not embolden.
            let trimmed = lead.drop { $0 == " " || $0 == "•" }
            let prefix = lead.prefix(lead.count - trimmed.count)
            return trimmed.isEmpty ? String(lead) : prefix + "**" + mattermostEscaped(String(trimmed)) + "**"
        }
        return (bold ?? "") + mattermostEscaped(line.text)
    }

    static func slack(_ line: ChatMessage.Line) -> String {
        let bold = line.bold.map { lead -> String in
            let trimmed = lead.drop { $0 == " " || $0 == "•" }
            let prefix = lead.prefix(lead.count - trimmed.count)
            return trimmed.isEmpty ? String(lead) : prefix + "*" + slackEscaped(String(trimmed)) + "*"
        }
        return (bold ?? "") + slackEscaped(line.text)
    }

    /// Topics are the teachers' own text: Markdown in them must not restyle the message, and an
    /// `@channel` in one must not page everyone.
    static func mattermostEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "*", "_", "~", "`", "\\", "[", "]", "<", ">", "#", "|": result += "\\" + String(character)
            case "@": result += "@\u{200B}"
            default: result.append(character)
            }
        }
        return result
    }

    /// Slack mrkdwn: `&`, `<` and `>` are the only characters to escape; `*_~` in text are left as
    /// they are lest a backslash show.
    static func slackEscaped(_ text: String) -> String {
        text.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;")
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}

/// A JSON value, serialised with every string escaped per RFC 8259.
enum JSON {
    case string(String)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])

    var text: String {
        switch self {
        case .string(let value): Self.quoted(value)
        case .bool(let value): value ? "true" : "false"
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    /// JSON's string escaping, with U+2028 and U+2029 escaped too (chat servers embed the payload in
    /// JavaScript, where they end a line).
    static func quoted(_ value: String) -> String {
        ExportTable.jsonString(value).replacing("\u{2028}", with: "\\u2028").replacing("\u{2029}", with: "\\u2029")
    }
}
