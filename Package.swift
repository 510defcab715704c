// swift-tools-version:6.1
import PackageDescription

// Release builds skip the dynamic exclusivity checks in the kernels (debug builds and the tests
// keep them, so a violation still fails there).
let hotLoops: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

// One target per pipeline stage; dependencies run one way:
// KQLSyntax, KQLColumns, KQLRegex -> KQLEngine; KQLColumns, CByteScan -> QuarryIO;
// KQLEngine, QuarryIO -> QuarryWorkspace (file tables, shared by the CLI and the server) -> QuarryServer;
// KQLColumns -> QuarryRender (charts, the HTML report) -> QuarryServer (its query page);
// all -> quarry (CLI).
let package = Package(
    name: "Quarry",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "KQLSyntax", targets: ["KQLSyntax"]),
        .library(name: "KQLColumns", targets: ["KQLColumns"]),
        .library(name: "KQLRegex", targets: ["KQLRegex"]),
        .library(name: "KQLEngine", targets: ["KQLEngine"]),
        .library(name: "QuarryIO", targets: ["QuarryIO"]),
        .library(name: "QuarryWorkspace", targets: ["QuarryWorkspace"]),
        .library(name: "QuarryServer", targets: ["QuarryServer"]),
        .library(name: "QuarryRender", targets: ["QuarryRender"]),
        .executable(name: "quarry", targets: ["quarry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `quarry serve` (QuarryServer). No traits: swift-configuration is not needed and costs build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0", traits: []),
        // `quarry serve --tls-cert/--tls-key`: HummingbirdTLS wraps the server in NIOSSL; NIOSSL itself
        // (already in the graph through hummingbird) checks the PEM files before the server listens.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(name: "KQLSyntax", exclude: ["README.md"], swiftSettings: hotLoops),
        .target(name: "KQLColumns", swiftSettings: hotLoops),
        .target(name: "KQLRegex", swiftSettings: hotLoops),
        .target(name: "KQLEngine", dependencies: ["KQLSyntax", "KQLColumns", "KQLRegex"], exclude: ["README.md"], swiftSettings: hotLoops),
        // SSE2 byte-scanning kernels for the readers (plain C where there is no SSE2).
        .target(name: "CByteScan"),
        .target(name: "QuarryIO", dependencies: ["KQLColumns", "CByteScan"], exclude: ["README.md"], resources: [.copy("Catalog")], swiftSettings: hotLoops),
        // Charts (SVG and terminal text) for `render`: KQLColumns only, shared by the CLI and a browser page.
        .target(name: "QuarryRender", dependencies: ["KQLColumns"], exclude: ["README.md"]),
        .target(name: "QuarryWorkspace", dependencies: ["KQLColumns", "KQLEngine", "QuarryIO"], exclude: ["README.md"]),
        // The Kusto REST endpoint (`quarry serve`): Hummingbird 2 over SwiftNIO.
        .target(name: "QuarryServer", dependencies: [
            "KQLSyntax", "KQLColumns", "KQLEngine", "QuarryIO", "QuarryWorkspace", "QuarryRender",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], exclude: ["README.md"]),
        .executableTarget(name: "quarry", dependencies: [
            "KQLSyntax", "KQLColumns", "KQLEngine", "QuarryIO", "QuarryWorkspace", "QuarryServer", "QuarryRender",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "KQLSyntaxTests", dependencies: ["KQLSyntax"]),
        .testTarget(name: "KQLColumnsTests", dependencies: ["KQLColumns"]),
        .testTarget(name: "KQLRegexTests", dependencies: ["KQLRegex"]),
        .testTarget(name: "QuarryRenderTests", dependencies: ["QuarryRender", "KQLColumns"]),
        .testTarget(name: "QuarryIOTests", dependencies: ["QuarryIO", "KQLColumns", "CByteScan"], exclude: ["Fixtures"]),
        .testTarget(name: "KQLEngineTests", dependencies: ["KQLEngine", "KQLSyntax", "KQLColumns", "QuarryIO"]),
        .testTarget(name: "QuarryWorkspaceTests", dependencies: ["QuarryWorkspace", "KQLEngine", "KQLColumns", "QuarryIO"]),
        .testTarget(name: "QuarryServerTests", dependencies: ["QuarryServer", "QuarryWorkspace", "KQLEngine", "KQLColumns"]),
        .testTarget(name: "LogicTests", dependencies: ["KQLEngine", "KQLSyntax", "KQLColumns", "QuarryIO"],
                    exclude: ["cases", "data", "README.md"]),
    ],
    swiftLanguageModes: [.v5]
)
