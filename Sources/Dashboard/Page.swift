import Foundation
/// The dashboard's pages. Each is a small HTML shell; `/assets/app.js` draws it from the API.
public enum Page: String, Sendable, CaseIterable {
    case days, today, incidents, incident, meeting, people, rooms, health, overview

    var title: String {
        switch self {
        case .days: "Good and bad days"
        case .today: "Today"
        case .incidents: "Incidents"
        case .incident: "Incident"
        case .meeting: "Meeting"
        case .people: "People to follow up"
        case .rooms: "Rooms"
        case .health: "Health"
        case .overview: "Overview"
        }
    }

    /// The pages in the navigation bar, with their paths.
    static let navigation: [(Page, String, String)] = [
        (.days, "/", "Days"), (.today, "/today", "Today"), (.incidents, "/incidents", "Incidents"),
        (.people, "/people", "People"), (.rooms, "/rooms", "Rooms"), (.health, "/health", "Health"),
    ]

    /// The shell: everything variable in it is escaped; no inline script or style (the CSP forbids both).
    func shell(id: String = "", user: String?, timeZone: String) -> String {
        let anonymous = self == .overview && user == nil
        var nav = ""
        if !anonymous {
            nav = "<nav>"
                + Self.navigation.map { page, path, label in
                    let current = page == self || (self == .incident && page == .incidents) ? " aria-current=\"page\"" : ""
                    return "<a href=\"\(path)\"\(current)>\(label)</a>"
                }.joined()
                + "</nav>"
            if let user {
                nav += "<form class=\"logout\" method=\"post\" action=\"/logout\"><span class=\"user\">\(HTML.escape(user))</span><button type=\"submit\">Log out</button></form>"
            }
        }
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ZoomDash · \(HTML.escape(title))</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script>
            </head><body data-page="\(rawValue)" data-id="\(HTML.escape(id))" data-user="\(HTML.escape(user ?? ""))" data-anonymous="\(anonymous)" data-timezone="\(HTML.escape(timeZone))">
            <header class="top"><a class="brand" href="\(anonymous ? "/overview" : "/")">ZoomDash</a>\(nav)</header>
            <main id="main"><noscript>This dashboard needs JavaScript.</noscript></main></body></html>
            """
    }

    static func login(error: String?, next: String, user: String = "") -> String {
        let message = error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ZoomDash · Log in</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/app.css">
            </head><body class="login-page"><main class="login">
            <h1>ZoomDash</h1>
            <form method="post" action="/login">
            \(message)
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <label>User <input name="username" autocomplete="username" required value="\(HTML.escape(user))" autofocus></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Log in</button>
            </form></main></body></html>
            """
    }
}
