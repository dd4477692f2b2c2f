/// Zoom's handling of meeting ids/UUIDs in paths (docs/zoom-api-notes.md §2.4).
///
/// Zoom's gateway percent-decodes the path once and normalises slashes before routing, then
/// the meeting service decodes the id again if it still contains "%". Consequences emulated here:
/// - a UUID with a single "/" (or "+") works when encoded once (or even raw);
/// - a UUID that begins with "/" or contains "//" only survives when double-encoded: encoded
///   once, the leading "/" or the "//" collapses and the lookup fails with 404 / 3001.
enum MeetingPathDecoder {
    static func meetingReference(rawSegments: ArraySlice<String>) -> String {
        let once = PercentEncoding.decode(rawSegments.joined(separator: "/"))
        if once.contains("%") {
            return PercentEncoding.decode(once)
        }
        return collapsingSlashes(once)
    }

    /// "//" → "/" and no leading "/", like a path normaliser.
    private static func collapsingSlashes(_ text: String) -> String {
        var output = ""
        var previousWasSlash = true  // drops a leading "/"
        for character in text {
            if character == "/" {
                if !previousWasSlash { output.append(character) }
                previousWasSlash = true
            } else {
                output.append(character)
                previousWasSlash = false
            }
        }
        return output
    }
}
