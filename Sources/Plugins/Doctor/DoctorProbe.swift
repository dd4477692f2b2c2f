import ZoomDashCore

/// One check of `zoomdashctl doctor`. Each is a small type built with what it touches (an HTTP client,
/// a clock, the file system, the service manager), so that tests give it fakes; ``examine()`` never
/// throws: whatever goes wrong is the answer.
protocol DoctorProbe: Sendable {
    func examine() async -> DoctorCheck
}
