// swift-tools-version:6.2
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// `make deb` links the Swift runtime statically (ZOOMDASH_STATIC_STDLIB=1 with --static-swift-stdlib). zoomsim's
// URLSession is FoundationNetworking, whose static archive needs its libcurl shim named, which SwiftPM does not
// do; -Xlinker puts the names before the runtime's archives, where the link resolves them.
let staticFoundationNetworking: [LinkerSetting] =
    ProcessInfo.processInfo.environment["ZOOMDASH_STATIC_STDLIB"] == "1"
    ? [.unsafeFlags(["-Xlinker", "-l_CFURLSessionInterface", "-Xlinker", "-lcurl"])] : []

let package = Package(
    name: "zoomdash",
    products: [
        .executable(name: "zoomdashd", targets: ["zoomdashd"]),
        .executable(name: "zoomdashctl", targets: ["zoomdashctl"]),
        .executable(name: "zoomsim", targets: ["zoomsim"]),
        .library(name: "ZoomSimKit", targets: ["ZoomSimKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Already in Hummingbird's graph; named for NIOHTTPTypes, the parts our connection guard reads.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // bcrypt for the dashboard's htpasswd accounts (`htpasswd -B`).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // Zoom's WebSocket event subscription: the client (WSClient, TLS through swift-nio-ssl) and, for
        // zoomsim's fake, the Hummingbird server side. docs/websocket.md says what they cost to build.
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
    ],
    targets: [
        // System libraries: each folder holds module.modulemap + shim.h (static inline wrappers only).
        .systemLibrary(name: "CZDCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZDSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(name: "CZDSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZDZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // The domain: model, analysis rules, webhook parsing, export tables, scheduling rules. Pure:
        // no I/O, no dependency but the standard library and Foundation's string handling.
        .target(name: "ZoomDashCore", path: "Sources/Core", swiftSettings: swiftSettings),
        // The OS: systemd notify, journald, thread names, atomic files.
        .target(
            name: "ZoomDashPlatform",
            dependencies: ["CZDSystemd", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Platform", swiftSettings: swiftSettings),
        // The SQLite store and what applies the analysis to it.
        .target(
            name: "ZoomDashStorage",
            dependencies: ["ZoomDashCore", "ZoomDashPlatform", "CZDSQLite", "CZDZlib", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Store", swiftSettings: swiftSettings),
        // An HTTP client on libcurl, behind a protocol the Zoom client and the sinks use.
        .target(
            name: "ZoomDashHTTPClient", dependencies: ["ZoomDashCore", "ZoomDashPlatform", "CZDCurl"], path: "Sources/HTTPClient",
            swiftSettings: swiftSettings),
        // Zoom's REST API: OAuth, paging, rate-limit budgets, decoding.
        .target(
            name: "ZoomDashZoomAPI",
            dependencies: ["ZoomDashCore", "ZoomDashHTTPClient", .product(name: "Logging", package: "swift-log")],
            path: "Sources/ZoomAPI", swiftSettings: swiftSettings),
        // zoomdash.toml: parsing, validation, secrets from the environment and systemd credentials.
        .target(
            name: "ZoomDashConfiguration",
            dependencies: ["ZoomDashCore", "ZoomDashZoomAPI", .product(name: "TOMLKit", package: "TOMLKit")],
            path: "Sources/Config", swiftSettings: swiftSettings),
        // The plugin model: collector, live source, exporter and notifier contracts, their registries.
        .target(
            name: "ZoomDashPipeline",
            dependencies: [
                "ZoomDashCore", "ZoomDashStorage", "ZoomDashConfiguration", "ZoomDashZoomAPI", "ZoomDashHTTPClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Pipeline", swiftSettings: swiftSettings),
        .target(
            name: "ZoomDashCollectors",
            dependencies: [
                "ZoomDashCore", "ZoomDashStorage", "ZoomDashZoomAPI", "ZoomDashConfiguration", "ZoomDashPipeline",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/Collectors",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ZoomDashSinks",
            dependencies: [
                "ZoomDashCore", "ZoomDashStorage", "ZoomDashPlatform", "ZoomDashConfiguration", "ZoomDashPipeline",
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Sources/Sinks",
            swiftSettings: swiftSettings
        ),
        // The registry lines: which plugins this build ships.
        .target(
            name: "ZoomDashPlugins",
            dependencies: ["ZoomDashConfiguration", "ZoomDashPipeline", "ZoomDashCollectors", "ZoomDashSinks"],
            path: "Sources/Plugins", swiftSettings: swiftSettings),
        // The web dashboard: its pages, JSON API, accounts and sessions, on a read-only store connection.
        // Every asset is compiled into the binary (embedInCode): nothing is fetched from anywhere else.
        .target(
            name: "ZoomDashDashboard",
            dependencies: [
                "ZoomDashCore", "ZoomDashStorage", "ZoomDashConfiguration",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Dashboard",
            exclude: ["Assets/README.md", "Assets/API-WISHES.md"],
            resources: [.embedInCode("Assets/app.css"), .embedInCode("Assets/app.js")],
            swiftSettings: swiftSettings
        ),
        // The daemon as a library (services, HTTP routes), so its routes are tested in-process.
        .target(
            name: "ZoomDashServer",
            dependencies: [
                "ZoomDashCore", "ZoomDashPlatform", "ZoomDashStorage", "ZoomDashZoomAPI", "ZoomDashHTTPClient",
                "ZoomDashConfiguration", "ZoomDashPipeline", "ZoomDashCollectors", "ZoomDashSinks", "ZoomDashPlugins",
                "ZoomDashDashboard",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            path: "Sources/Server",
            swiftSettings: swiftSettings
        ),

        // The Zoom simulator is deliberately independent of ZoomDashCore so it can act as an oracle.
        .target(
            name: "ZoomSimKit",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "zoomsim",
            dependencies: ["ZoomSimKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings,
            linkerSettings: staticFoundationNetworking
        ),
        .executableTarget(
            name: "zoomdashd",
            dependencies: [
                "ZoomDashServer", "ZoomDashConfiguration", "ZoomDashPlatform", "ZoomDashCore", "ZoomDashPlugins",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "zoomdashctl",
            dependencies: [
                "ZoomDashCore", "ZoomDashPlatform", "ZoomDashStorage", "ZoomDashZoomAPI", "ZoomDashHTTPClient",
                "ZoomDashConfiguration", "ZoomDashPipeline", "ZoomDashCollectors", "ZoomDashSinks", "ZoomDashPlugins",
                "ZoomDashDashboard", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "zoomdash-bench",
            dependencies: [
                "ZoomDashCore", "ZoomDashStorage", "ZoomDashZoomAPI", "ZoomDashHTTPClient", "ZoomDashCollectors", "ZoomDashSinks",
                "ZoomDashPipeline", "ZoomDashConfiguration", "ZoomSimKit", "ZoomDashDashboard", .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/zoomdash-bench",
            swiftSettings: swiftSettings
        ),

        .testTarget(
            name: "ZoomDashCoreTests",
            dependencies: [
                "ZoomDashCore", "ZoomDashPlatform", "ZoomDashStorage", "ZoomDashZoomAPI", "ZoomDashHTTPClient",
                "ZoomDashConfiguration", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ZoomDashPluginTests",
            dependencies: [
                "ZoomDashCore", "ZoomDashPlatform", "ZoomDashStorage", "ZoomDashZoomAPI", "ZoomDashHTTPClient",
                "ZoomDashConfiguration", "ZoomDashPipeline", "ZoomDashCollectors", "ZoomDashSinks", "ZoomDashServer",
                "ZoomDashPlugins", "ZoomSimKit", "ZoomDashDashboard", .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "IntegrationTests", dependencies: ["ZoomSimKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DaemonTests", dependencies: ["ZoomSimKit", "ZoomDashStorage", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
    ]
)
