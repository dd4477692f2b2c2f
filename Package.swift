// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "zoomdash",
    platforms: [.macOS(.v15)],
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
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // System libraries: each folder holds module.modulemap + shim.h (static inline wrappers only).
        .systemLibrary(name: "CZDCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZDSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(name: "CZDSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        .target(
            name: "ZoomDashCore",
            dependencies: [
                "CZDCurl", "CZDSystemd", "CZDSQLite",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            path: "Sources/Core",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ZoomDashCollectors",
            dependencies: [
                "ZoomDashCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Collectors",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ZoomDashSinks",
            dependencies: ["ZoomDashCore", .product(name: "Prometheus", package: "swift-prometheus")],
            path: "Sources/Sinks",
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
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "zoomsim",
            dependencies: ["ZoomSimKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "zoomdashd",
            dependencies: [
                "ZoomDashCore", "ZoomDashCollectors", "ZoomDashSinks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "zoomdashctl",
            dependencies: [
                "ZoomDashCore", "ZoomDashCollectors", "ZoomDashSinks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "zoomdash-bench",
            dependencies: ["ZoomDashCore", "ZoomDashCollectors", "ZoomSimKit"],
            path: "Sources/zoomdash-bench",
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "ZoomDashCoreTests", dependencies: ["ZoomDashCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ZoomDashPluginTests",
            dependencies: ["ZoomDashCore", "ZoomDashCollectors", "ZoomDashSinks", "ZoomSimKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "IntegrationTests", dependencies: ["ZoomSimKit"], swiftSettings: swiftSettings),
        .testTarget(name: "DaemonTests", dependencies: ["ZoomSimKit"], swiftSettings: swiftSettings),
    ]
)
