import Foundation
import ZoomDashCore
import ZoomDashHTTPClient
import ZoomDashZoomAPI

/// `zoom.budget`: what Zoom's rate-limit headers say on the doctor's one authenticated call: the day's
/// remaining Heavy and Resource-intensive requests when Zoom reports them, a daily limit already used
/// up, and whether the per-window limit fits `[zoom] plan` (ZoomDash paces itself by the plan).
struct ZoomBudgetCheck: DoctorProbe {
    static let id = "zoom.budget"
    let session: ZoomProbeSession
    let usage: ZoomUsage

    /// Below this share of the daily cap, a warning: the collectors may stop before midnight UTC.
    static let lowShare = 0.1

    /// `60,000`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (number < 0 ? "-" : "") + result
    }

    func examine() async -> DoctorCheck {
        let title = "Zoom request budget"
        guard case .success = await session.grant() else { return .skipped(Self.id, title, "needs a token (see Zoom token)") }
        let probe = usage.usesDashboard ? await session.dashboardProbe() : await session.usersProbe()
        guard case .success(let answer) = probe else { return .skipped(Self.id, title, "no answer from Zoom's API (see above)") }
        let headers = answer.response
        let category = headers.header("x-ratelimit-category").flatMap(RateCategory.init(rawValue:))
        let type = headers.header("x-ratelimit-type")?.lowercased()
        let limit = headers.header("x-ratelimit-limit").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let remaining = headers.header("x-ratelimit-remaining").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let plan = usage.plan
        let cap = plan.dailyHeavyCap
        var facts: [String: DoctorFact] = ["daily_cap": .number(Int64(cap)), "plan": .text(plan.rawValue)]
        if let category { facts["category"] = .text(category.rawValue) }
        if let limit { facts["limit"] = .number(Int64(limit)) }

        let daily = type == "daily-limit" || (answer.status == 429 && answer.zoomError.message.lowercased().contains("daily"))
        if answer.status == 429 {
            guard daily else {
                return .warning(
                    Self.id, title, "Zoom answered 429 (per-second limit) to a single request: another app on the account is using the budget",
                    fix: "find the other app (Zoom App Marketplace → Manage → Created and Added Apps); ZoomDash shares the account's limits with it",
                    facts: facts)
            }
            facts["daily_remaining"] = .number(0)
            let until = headers.header("retry-after").flatMap { ZoomTime.parse($0) }.map(ZoomTime.iso8601) ?? "00:00 UTC"
            return .problem(
                Self.id, title, "Zoom's daily limit of Heavy and Resource-intensive requests is used up until \(until): the collectors wait until then",
                fix: "nothing is lost (collectors resume where they stopped); if it happens every day, lower [collectors.qos] max_share_of_daily_cap "
                    + "or find the other app on the account that uses the budget",
                facts: facts)
        }

        var notes: [String] = []
        if daily, let remaining {
            facts["daily_remaining"] = .number(Int64(remaining))
            if remaining <= 0 {
                return .problem(
                    Self.id, title, "Zoom says no Heavy or Resource-intensive request is left today (cap \(Self.grouped(cap)) on plan \(plan.rawValue))",
                    fix: "the collectors resume after 00:00 UTC by themselves", facts: facts)
            }
            if Double(remaining) < Double(cap) * Self.lowShare {
                return .warning(
                    Self.id, title, "only \(Self.grouped(remaining)) Heavy and Resource-intensive requests are left today, of \(Self.grouped(cap))",
                    fix: "the collectors stop when they run out and resume after 00:00 UTC; lower [collectors.qos] max_share_of_daily_cap if this recurs",
                    facts: facts)
            }
            notes.append("\(Self.grouped(remaining)) of \(Self.grouped(cap)) Heavy and Resource-intensive requests left today")
        } else {
            notes.append("Zoom did not report the day's remaining requests (it does near the limit); plan \(plan.rawValue) allows \(Self.grouped(cap)) a day")
        }
        if let category, let limit, !daily {
            let expected = plan.limit(for: category)
            if limit < expected.requests {
                let fitting = ZoomPlan.allCases.first { $0.limit(for: category).requests == limit }
                let period = expected.periodSeconds >= 60 ? "minute" : "second"
                return .warning(
                    Self.id, title,
                    "Zoom allows \(limit) \(category.rawValue) requests a \(period), [zoom] plan = \"\(plan.rawValue)\" paces for \(expected.requests): "
                        + "ZoomDash would meet 429s",
                    fix: fitting.map { "set [zoom] plan = \"\($0.rawValue)\"" } ?? "set [zoom] plan to the account's plan", facts: facts)
            }
            if limit > expected.requests, let fitting = ZoomPlan.allCases.first(where: { $0.limit(for: category).requests == limit }) {
                notes.append("Zoom allows \(limit) \(category.rawValue) requests per window, more than plan \(plan.rawValue)'s \(expected.requests) (plan = \"\(fitting.rawValue)\" would use them)")
            } else {
                notes.append("\(limit) \(category.rawValue) requests per window, as plan \(plan.rawValue) expects")
            }
        }
        return .ok(Self.id, title, notes.joined(separator: "; "), facts: facts)
    }
}
