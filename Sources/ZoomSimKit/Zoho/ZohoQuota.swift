import Foundation

/// The per-minute frequency limit, the daily unit quota and the token-invalidation fault.
extension ZohoAccount {
    /// Admits one authenticated API call or answers 6045. A refused call is not counted (Zoho
    /// does not process it).
    mutating func admitCall(now: Date) throws(ZohoError) {
        let minute = Int((now.timeIntervalSince1970 / 60).rounded(.down))
        if minuteWindow.minute != minute { minuteWindow = (minute, 0) }
        guard minuteWindow.count < config.perMinuteLimit else { throw .frequencyExceeded }
        minuteWindow.count += 1
        stats.calls += 1
        if let limit = config.invalidateTokensAfter, !tokensInvalidated, stats.calls >= limit {
            tokensInvalidated = true
            tokens.removeAll()
        }
    }

    /// Units an import of `rows` rows costs: 10 (append, truncateadd) or 15 (updateadd) per
    /// started block of 1,000 rows.
    static func importCost(rows: Int, isUpdateAdd: Bool) -> Int {
        let blocks = max(1, (rows + 999) / 1000)
        return blocks * (isUpdateAdd ? 15 : 10)
    }

    /// Charges today's (UTC) quota or answers 6044 without charging.
    mutating func charge(units: Int, now: Date) throws(ZohoError) {
        let day = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        if day != unitsDay {
            unitsDay = day
            stats.unitsUsed = 0
        }
        guard stats.unitsUsed + units <= config.dailyUnits else { throw .dailyUnitsExceeded }
        stats.unitsUsed += units
    }

    /// The first `failFirstImports` import calls fail as Zoho's overloaded import service does.
    mutating func injectImportFailure() throws(ZohoError) {
        importCalls += 1
        if importCalls <= config.failFirstImports { throw .internalError }
    }
}
