import ZoomDashCore

/// `zoom.scopes`: the token's `scope` string has what the enabled collectors call, by its classic
/// or granular name; names what is missing in the app's own style, and the other style too.
struct ZoomScopesCheck: DoctorProbe {
    static let id = "zoom.scopes"
    let session: ZoomProbeSession
    let usage: ZoomUsage

    func examine() async -> DoctorCheck {
        let title = "Zoom scopes"
        guard case .success(let grant) = await session.grant() else {
            return .skipped(Self.id, title, "needs a token (see Zoom token)")
        }
        guard let scopes = grant.scopes else {
            return .warning(
                Self.id, title, "Zoom's token answer listed no scopes, so they cannot be checked",
                fix: "compare the app's Scopes page with docs/doctor.md (zoom.scopes)")
        }
        let granted = Set(scopes)
        // An account without the Dashboard cannot grant its scopes: the Dashboard check says what that costs.
        var planHasDashboard = usage.plan != .pro
        if planHasDashboard, usage.usesDashboard, case .success(let answer) = await session.dashboardProbe(), answer.saysNoDashboard {
            planHasDashboard = false
        }
        let requirements = ZoomScopes.requirements(
            source: usage.source, quality: usage.quality, planHasDashboard: planHasDashboard, granted: granted)
        let granular = ZoomScopes.looksGranular(scopes)
        let required = requirements.filter { $0.consequence == nil }.flatMap(\.needs)
        let missingRequired = required.filter { !$0.isGranted(by: granted) }
        let optional = requirements.filter { $0.consequence != nil }
        let missingOptional = optional.compactMap { requirement -> (needs: [ZoomScopeNeed], consequence: String)? in
            let missing = requirement.needs.filter { !$0.isGranted(by: granted) }
            return missing.isEmpty ? nil : (missing, requirement.consequence ?? "")
        }
        let allMissing = missingRequired + missingOptional.flatMap(\.needs)
        let needed = requirements.flatMap(\.needs)
        let facts: [String: DoctorFact] = [
            "granted": .list(scopes.sorted()),
            "needed": .list(ZoomScopes.names(needed, granular: granular)),
            "missing": .list(ZoomScopes.names(allMissing, granular: granular)),
            "missing_classic": .list(ZoomScopes.names(allMissing, granular: false)),
            "missing_granular": .list(ZoomScopes.names(allMissing, granular: true)),
        ]
        let fix = "in the Zoom App Marketplace, open the app → Scopes → Add Scopes: \(ZoomScopes.names(allMissing, granular: granular).joined(separator: ", "))"
            + "; new scopes apply to tokens issued after that (every zoomdash run asks for one)"
        if !missingRequired.isEmpty {
            let calls = missingRequired.map(\.call).joined(separator: ", ")
            return .problem(
                Self.id, title, "the token lacks \(Self.both(missingRequired, granular: granular)), needed for \(calls): those calls fail (HTTP 400, code 4711)",
                fix: fix, facts: facts)
        }
        if !missingOptional.isEmpty {
            let lines = missingOptional.map { "\(Self.both($0.needs, granular: granular)): \($0.consequence)" }
            return .warning(Self.id, title, "the token lacks " + lines.joined(separator: "; "), fix: fix, facts: facts)
        }
        if needed.isEmpty { return .ok(Self.id, title, "no enabled collector needs a scope", facts: facts) }
        return .ok(
            Self.id, title, "the token has what the enabled collectors need: \(ZoomScopes.names(needed, granular: granular).joined(separator: ", "))",
            facts: facts)
    }

    /// `report:read:admin (granular: report:read:user:admin, …)`, in the app's style first.
    static func both(_ needs: [ZoomScopeNeed], granular: Bool) -> String {
        let first = ZoomScopes.names(needs, granular: granular).joined(separator: ", ")
        let other = ZoomScopes.names(needs, granular: !granular).joined(separator: ", ")
        return "\(first) (\(granular ? "classic" : "granular"): \(other))"
    }
}
