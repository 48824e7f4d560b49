// swift-tools-version: 6.0
// libFuzzer targets, kept out of the main package so normal builds stay uninstrumented.
// Built and run by `make fuzz` (scripts/fuzz.sh) with -sanitize=fuzzer,address.
import PackageDescription

let package = Package(
    name: "ScopeGuideFuzz",
    dependencies: [.package(name: "ScopeGuide", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzURL", dependencies: ["FuzzSupport", .product(name: "ScopeGuideKit", package: "ScopeGuide")]),
        .executableTarget(name: "FuzzContent", dependencies: ["FuzzSupport", .product(name: "ScopeGuideKit", package: "ScopeGuide")]),
        .executableTarget(name: "FuzzImport", dependencies: ["FuzzSupport", .product(name: "ScopeGuideImport", package: "ScopeGuide")]),
        .executableTarget(name: "FuzzSpecs", dependencies: [
            "FuzzSupport", .product(name: "ScopeGuideImport", package: "ScopeGuide"), .product(name: "ScopeGuideKit", package: "ScopeGuide"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
