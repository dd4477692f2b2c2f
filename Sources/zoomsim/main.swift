import ZoomSimKit
import Foundation
let s = Scenario.generate(ScenarioOptions(endDay: "2025-03-14"))
print(s.summary)
print(s.truthIncidents(source: .dashboard).count, s.truthDisconnections(source: .dashboard).count, s.truthDisconnections(source: .report).count)
