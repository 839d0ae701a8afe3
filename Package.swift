// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Kith",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kith", targets: ["kith"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "CKithSystem"),
        .target(name: "KithSystem", dependencies: ["CKithSystem"]),
        .target(name: "KithFormats", dependencies: ["KithSystem"]),
        .target(name: "KithCore", dependencies: ["KithFormats"]),
        .target(
            name: "KithStore",
            dependencies: ["KithCore", "KithSystem", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "KithCurl", dependencies: ["CCurl"]),
        .target(name: "KithMail", dependencies: ["KithCore", "KithSystem", "KithCurl"]),
        .target(name: "KithReplies", dependencies: ["KithCore", "KithFormats", "KithSystem", "KithCurl"]),
        .target(name: "KithSources", dependencies: ["KithCore", "KithSystem", "KithCurl", "KithMail"]),
        .target(
            name: "KithDaemon",
            dependencies: ["KithCore", "KithFormats", "KithStore", "KithMail", "KithSources", "KithSystem"]
        ),
        .target(name: "CKithBuildInfo"),
        .executableTarget(
            name: "kith",
            dependencies: [
                "KithSystem",
                "KithFormats",
                "KithCore",
                "KithStore",
                "KithMail",
                "KithSources",
                "KithDaemon",
                "CKithBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "kith-bench", dependencies: ["KithFormats", "KithCore", "KithStore"]),
        .target(name: "KithTestSupport", dependencies: ["KithDaemon", "KithMail"]),
        // Writes to a state file until killed, for StateConcurrencyTests; built beside the tests, not shipped.
        .executableTarget(name: "kith-test-writer", dependencies: ["KithStore"], path: "Tests/kith-test-writer"),
        .testTarget(name: "KithSystemTests", dependencies: ["KithSystem", "KithTestSupport"]),
        .testTarget(
            name: "KithFormatsTests",
            dependencies: ["KithFormats", "KithTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KithCoreTests",
            dependencies: ["KithCore", "KithTestSupport"],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "KithStoreTests",
            dependencies: ["KithStore", "KithTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "KithCurlTests", dependencies: ["KithCurl", "KithTestSupport"]),
        .testTarget(name: "KithMailTests", dependencies: ["KithMail", "KithCurl", "KithTestSupport"]),
        .testTarget(
            name: "KithRepliesTests",
            dependencies: ["KithReplies", "KithCore", "KithFormats", "KithCurl", "KithTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "KithSourcesTests", dependencies: ["KithSources", "KithCore", "KithTestSupport"]),
        .testTarget(
            name: "KithDaemonTests",
            dependencies: ["KithDaemon", "KithFormats", "KithSystem", "KithTestSupport"]
        ),
        .testTarget(name: "PackagingTests", dependencies: ["KithTestSupport"]),
    ]
)

// Every Swift target sees only the members of modules it imports itself (SE-0444), so that each file's
// imports say what it uses, as DESIGN.md's table of targets allows.
for target in package.targets where target.type != .system && !target.name.hasPrefix("CKith") {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
