import Foundation
import Logging
import ZoomDashHTTPClient

/// Everything the doctor's checks touch, so that tests can replace any of it.
public struct DoctorEnvironment: Sendable {
    /// The process environment: secrets, `CREDENTIALS_DIRECTORY`, `ZOOMDASH_CONFIG`.
    public var variables: [String: String]
    public var http: any HTTPClient
    /// Wall time in Unix seconds.
    public var now: @Sendable () -> Double
    public var files: any DoctorFileSystem
    public var services: any ServiceManager
    public var logger: Logger
    /// `--send-test-message`: post a message through each chat sink.
    public var sendTestMessage = false

    public init(
        variables: [String: String], http: any HTTPClient, now: @escaping @Sendable () -> Double, files: any DoctorFileSystem,
        services: any ServiceManager, logger: Logger, sendTestMessage: Bool = false
    ) {
        self.variables = variables
        self.http = http
        self.now = now
        self.files = files
        self.services = services
        self.logger = logger
        self.sendTestMessage = sendTestMessage
    }
}
