import Foundation

/// Everything a request handler needs: the immutable scenario index and the actors holding
/// the simulator's mutable state.
struct SimulatorCore: Sendable {
    let config: SimulatorConfig
    let index: ScenarioIndex
    let tokens: AccessTokenStore
    let rateLimiter: RateLimiter
    let paginator: Paginator
    let stats: SimulatorStats
    let failures: FailureInjector

    init(config: SimulatorConfig, scenario: Scenario) {
        self.config = config
        self.index = ScenarioIndex(scenario: scenario)
        self.tokens = AccessTokenStore(ttlSeconds: config.tokenTTLSeconds, seed: config.scenario.seed)
        self.rateLimiter = RateLimiter(policy: RateLimitPolicy(
            plan: config.plan, scale: config.rateLimitScale, dailyOverride: config.dailyLimit))
        self.paginator = Paginator(store: PageTokenStore(ttlSeconds: config.pageTokenTTLSeconds, seed: config.scenario.seed))
        self.stats = SimulatorStats()
        self.failures = FailureInjector(rate: config.failureRate, seed: config.scenario.seed)
    }

    var now: Date { config.clock() }

    /// Runs the handler of an authenticated, admitted API call.
    func handle(_ route: APIRoute, query: QueryParameters, now: Date) async throws(APIError) -> JSONValue {
        switch route {
        case .users: try await users(query: query, now: now)
        case .reportUserMeetings(let userID): try await reportUserMeetings(userID: userID, query: query, now: now)
        case .reportMeeting(let reference): try reportMeeting(reference: reference, now: now)
        case .reportMeetingParticipants(let reference): try await reportParticipants(reference: reference, query: query, now: now)
        case .metricsMeetings: try await dashboardMeetings(query: query, now: now)
        case .metricsMeeting(let reference): try dashboardMeeting(reference: reference, query: query, now: now)
        case .metricsMeetingParticipants(let reference): try await dashboardParticipants(reference: reference, query: query, now: now)
        case .metricsParticipantsQoS(let reference): try await dashboardParticipantsQoS(reference: reference, query: query, now: now)
        case .metricsParticipantQoS(let reference, let participantID):
            try dashboardParticipantQoS(reference: reference, participantID: participantID, query: query, now: now)
        case .pastMeetingInstances(let reference): try pastMeetingInstances(reference: reference, now: now)
        case .pastMeeting(let reference): try pastMeeting(reference: reference, now: now)
        case .pastMeetingParticipants(let reference): try await pastMeetingParticipants(reference: reference, query: query, now: now)
        }
    }
}
