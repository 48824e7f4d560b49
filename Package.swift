// swift-tools-version: 6.0
import PackageDescription

// Linux only, and said so: the build calls Glibc directly (renameat2 for the atomic swap,
// flock, openat-based removal, direct reads and byte searches), links jemalloc, and is built and tested on
// Debian. ScopeGuideCore (the model and the selection rules) imports nothing but the
// standard library and would build anywhere.
let package = Package(
    name: "ScopeGuide",
    products: [
        .executable(name: "scopeguide", targets: ["scopeguide"]),
        .library(name: "ScopeGuideKit", targets: ["ScopeGuideKit"]),
        .library(name: "ScopeGuideImport", targets: ["ScopeGuideImport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // cmark from Debian's libcmark-dev, found through pkg-config.
        .systemLibrary(
            name: "Ccmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libyaml's event parser from Debian's libyaml-dev: content YAML is read from its events.
        .systemLibrary(
            name: "Clibyaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // libxml2's HTML parser from Debian's libxml2-dev, for `scopeguide import`.
        .systemLibrary(
            name: "Clibxml2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Tiny C helpers Foundation lacks on Linux (atomic directory exchange).
        .target(name: "CShims"),
        // The model, the selection rules and the guide URL: pure, no I/O.
        .target(name: "ScopeGuideCore"),
        // Loading, validation, Markdown, rendering and writing the site.
        .target(
            name: "ScopeGuideKit",
            dependencies: [
                "ScopeGuideCore", "Ccmark", "CShims", "Clibyaml",
            ]
        ),
        // `scopeguide serve`: the preview server with live reload (Hummingbird).
        .target(
            name: "ScopeGuideServe",
            dependencies: [
                "ScopeGuideKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `scopeguide import` (reference-format pages → content) and `scopeguide diff`.
        .target(
            name: "ScopeGuideImport",
            dependencies: ["ScopeGuideKit", "ScopeGuideCore", "Clibxml2", "Ccmark"]
        ),
        .executableTarget(
            name: "scopeguide",
            dependencies: [
                "ScopeGuideKit",
                "ScopeGuideServe",
                "ScopeGuideImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // jemalloc (Debian's libjemalloc-dev) replaces glibc's malloc for the whole
            // process: a build allocates millions of small strings and arrays on two
            // threads, and glibc's arenas cost a tenth of the build (see README, Performance).
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        // swift-mustache and Yams are the references the site's template renderer and YAML
        // reader are checked against.
        // What both test targets share: running the CLI binary, built when missing or stale.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "ScopeGuideTests",
            dependencies: [
                "ScopeGuideKit", "ScopeGuideCore", "TestSupport",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(name: "ScopeGuideImportTests", dependencies: ["ScopeGuideImport", "ScopeGuideKit", "ScopeGuideCore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
