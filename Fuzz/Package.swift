// swift-tools-version:6.0
import PackageDescription

// libFuzzer harnesses, kept out of the main package (and out of the default `swift build`).
// Build and run with `Fuzz/run.sh` (it passes -sanitize=fuzzer,address); see Fuzz/README.md.
// Each harness defines `LLVMFuzzerTestOneInput` and `<Harness>_main` (SwiftPM's entry point on Linux),
// which hands over to libFuzzer's driver (`FuzzDriver`).
let package = Package(
    name: "QuarryFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Quarry", path: ".."),
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: [.product(name: "QuarryIO", package: "Quarry"), .product(name: "KQLColumns", package: "Quarry")]),
        .executableTarget(name: "FuzzSyntax", dependencies: ["FuzzDriver", .product(name: "KQLSyntax", package: "Quarry")]),
        .executableTarget(name: "FuzzBind", dependencies: ["FuzzDriver",
            .product(name: "KQLEngine", package: "Quarry"), .product(name: "KQLColumns", package: "Quarry"),
            .product(name: "QuarryIO", package: "Quarry"),
        ]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzDriver", "FuzzSupport", .product(name: "QuarryIO", package: "Quarry")]),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzDriver", "FuzzSupport", .product(name: "QuarryIO", package: "Quarry"), .product(name: "KQLColumns", package: "Quarry")]),
        .executableTarget(name: "FuzzInflate", dependencies: ["FuzzDriver", .product(name: "KQLColumns", package: "Quarry")]),
        .executableTarget(name: "FuzzRegex", dependencies: ["FuzzDriver", .product(name: "KQLRegex", package: "Quarry")]),
        .executableTarget(name: "FuzzParseJSON", dependencies: ["FuzzDriver",
            .product(name: "KQLColumns", package: "Quarry"), .product(name: "KQLEngine", package: "Quarry"),
        ]),
    ],
    swiftLanguageModes: [.v5]
)
