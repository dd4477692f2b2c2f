/// The preset dictionary of stored webhook bodies: the fragments every Zoom event body repeats (keys,
/// event names, leave-reason wordings), so that even a 400-byte body compresses to about a quarter to a
/// third (deflate alone finds too little to repeat in one small body: about 60 %).
///
/// Stored bodies name their dictionary by version (the first byte of `webhook_event_bodies.deflated`):
/// never edit a shipped version, add the next one. Deflate prefers near matches, so the commonest
/// fragments come last.
enum WebhookBodyDictionary {
    static let current: UInt8 = 1

    static func bytes(version: UInt8) -> [UInt8]? {
        version == 1 ? version1 : nil
    }

    private static let version1 = Array(
        (#""timezone":"America/New_York","duration":60,"end_time":"2026-"# + #","settings":{},"password":"","#
            + #""participant_user_id":"","registrant_id":"","customer_key":"","phone_number":"","public_ip":"","private_ip":"","#
            + #""issues":["Unstable audio quality","Unstable video quality","Unstable screen share quality","High CPU occupation"],"#
            + #"{"event":"meeting.alert","event":"meeting.ended","event":"meeting.started","event":"endpoint.url_validation","plainToken":""#
            + #""leave_reason":"got disconnected from the meeting. Reason : Client Close.","#
            + #""leave_reason":"left the meeting. Reason : Network connection error. ","#
            + #""leave_reason":"left the meeting. Reason : left the meeting.","#
            + #"{"event":"meeting.participant_joined","event_ts":17,"payload":{"account_id":"","object":{"uuid":"","id":"","type":2,"#
            + #""topic":"","host_id":"","start_time":"2026-","participant":{"user_id":"","user_name":"","id":"","participant_uuid":"","#
            + #""email":"","join_time":"2026-"}}}}"#
            + #"{"event":"meeting.participant_left","event_ts":17,"payload":{"account_id":"","object":{"uuid":"","id":"","type":8,"#
            + #""topic":"","host_id":"","start_time":"2026-","participant":{"user_id":"","user_name":"","id":"","participant_uuid":"","#
            + #""email":"","leave_time":"2026-"}}}}"#).utf8)
}
