// swift-tools-version:6.0
import PackageDescription

// Warm timing of Quarry for the peer benchmark (Benchmarks/peers/run.py): the table is read
// once into memory, then each query is timed on it. A package of its own so that it builds
// against the root package's libraries without touching the root or Benchmarks manifests.
let package = Package(
    name: "QuarryWarm",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Quarry", path: "../../.."),
    ],
    targets: [
        .executableTarget(
            name: "QuarryWarm",
            dependencies: [
                .product(name: "KQLColumns", package: "Quarry"),
                .product(name: "KQLEngine", package: "Quarry"),
                .product(name: "QuarryIO", package: "Quarry"),
            ]
        ),
    ],
    swiftLanguageModes: [.v5]
)
