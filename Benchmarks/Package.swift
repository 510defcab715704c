// swift-tools-version:6.0
import PackageDescription

// Benchmarks for the KQLRegex engine (kept out of the main package so that
// Foundation's NSRegularExpression is only ever linked here, for comparison).
let package = Package(
    name: "QuarryBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Quarry", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "RegexBench",
            dependencies: [.product(name: "KQLRegex", package: "Quarry")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
