import ArgumentParser
import Foundation
import ZoomDashConfiguration
import ZoomDashHTTPClient
import ZoomDashStorage
import ZoomDashZoomAPI

/// sysexits(3) codes, documented in `zoomdashctl --help`.
enum ExitCodes {
    static let unavailable: Int32 = 69
    static let ioError: Int32 = 74
    static let tryAgainLater: Int32 = 75
    static let config: Int32 = ConfigError.exitCode
}

/// Prints `error` as one actionable line and returns the exit code that fits it.
func fail(_ error: any Error) -> ExitCode {
    let code: Int32
    switch error {
    case is ConfigError: code = ExitCodes.config
    case is StoreError: code = ExitCodes.ioError
    case let zoom as ZoomAPIError:
        if case .dailyLimitReached = zoom { code = ExitCodes.tryAgainLater } else { code = ExitCodes.unavailable }
    case is HTTPClientError: code = ExitCodes.unavailable
    default: code = 1
    }
    FileHandle.standardError.write(Data("zoomdashctl: error: \(error)\n".utf8))
    return ExitCode(code)
}
