import Foundation

/// Decides who is "the same person" within one meeting instance.
///
/// Precedence, most to least reliable: `participant_uuid` (stable across rejoins and breakout moves),
/// the Zoom user id (`id` / `participant_user_id`, only for signed-in users), `registrant_id`, email,
/// then the normalised display name. `user_id` is deliberately absent: Zoom issues a new one on every join.
public enum ParticipantIdentity {
    public static func key(
        participantUUID: String?, zoomUserID: String?, registrantID: String?, email: String?, name: String?
    ) -> String {
        if let value = nonEmpty(participantUUID) { return "uuid:" + value.uppercased() }
        if let value = nonEmpty(zoomUserID) { return "user:" + value }
        if let value = nonEmpty(registrantID) { return "reg:" + value }
        if let value = nonEmpty(email) { return "email:" + value.lowercased() }
        return "name:" + normalisedName(name ?? "")
    }

    /// Lowercased, trimmed, inner whitespace collapsed: "  Ann  LEE " and "ann lee" are one person.
    public static func normalisedName(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Trimmed of surrounding whitespace; nil when nothing is left. Plain Swift: this runs for every
    /// webhook event, and Foundation's trimming goes through UTF-16.
    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, let first = value.firstIndex(where: { !$0.isWhitespace }) else { return nil }
        let last = value.lastIndex(where: { !$0.isWhitespace })!
        return first == value.startIndex && last == value.index(before: value.endIndex) ? value : String(value[first...last])
    }
}
