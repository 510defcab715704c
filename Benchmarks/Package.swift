// swift-tools-version:6.0
import PackageDescription

// Release-build benchmarks, kept out of the main package (and out of CI): the regex engine
// against Foundation's NSRegularExpression, and the founding hunt cold and warm.
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
        .executableTarget(
            name: "ReadBench",
            dependencies: [
                .product(name: "KQLColumns", package: "Quarry"),
                .product(name: "QuarryIO", package: "Quarry"),
            ]
        ),
        .executableTarget(
            name: "HuntBench",
            dependencies: [
                .product(name: "KQLEngine", package: "Quarry"),
                .product(name: "KQLColumns", package: "Quarry"),
                .product(name: "QuarryIO", package: "Quarry"),
            ]
        ),
    ],
    swiftLanguageModes: [.v5]
)
