// swift-tools-version:6.1
import PackageDescription

// Every target: existentials spelled `any`, and imports that say what leaks — `public import` only where the
// module's types appear in public API, and each file imports every module whose members it uses. The manifest's
// dependencies are exactly what the sources import (scripts/check-imports, run by scripts/test).
let honestImports: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "lanyard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lanyard", targets: ["lanyard"]),
        // The benchmark build with ceiling routes (scripts/bench-ceiling); never part of a deployment.
        .executable(name: "lanyard-ceiling", targets: ["LanyardCeiling"]),
        .library(name: "CedarPolicy", targets: ["CedarPolicy"]),
        .library(name: "MerkleLog", targets: ["MerkleLog"]),
        .library(name: "LanyardAPI", targets: ["LanyardAPI"]),
        .library(name: "LanyardClient", targets: ["LanyardClient"]),
        .library(name: "LanyardAudit", targets: ["LanyardAudit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // NIOHTTPTypes: the HTTP parts the server's channel handlers see (HTTPParserErrorResponder).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // HTTPTypes: the request and response types Hummingbird's handlers and middleware speak.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.0.0"),
        // Spans (the server's, the store's transactions) and W3C trace context; Hummingbird's TracingMiddleware is on it.
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // The OTLP exporter, over HTTP/protobuf only: the default traits would also build gRPC, which Lanyard never uses.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        // The console's HTML templates (logic-less, escaping by default).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // L0 — leaves: import nothing of ours.
        .target(name: "LanyardModel", swiftSettings: honestImports),
        .target(name: "CedarPolicy", swiftSettings: honestImports),
        .target(
            name: "MerkleLog", dependencies: [.product(name: "Crypto", package: "swift-crypto")], exclude: ["README.md"],
            swiftSettings: honestImports
        ),
        // The `lanyard cedar` commands as functions (conformance runner, benchmark); not a product.
        .target(name: "CedarPolicyTool", dependencies: ["CedarPolicy"], swiftSettings: honestImports),

        // L1 — the wire: every request and response type of the API, once, and the route paths.
        .target(name: "LanyardAPI", dependencies: ["LanyardModel"], swiftSettings: honestImports),

        // L1 — the console's pages as pure functions: loaded domain values in, complete HTML out (no I/O, no HTTP).
        .target(
            name: "LanyardConsoleViews",
            dependencies: ["LanyardModel", "LanyardAPI", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: honestImports
        ),

        // L1 — the offline secret scanner behind `lanyard scan`: detectors, files/notebooks/git history, reports.
        .target(
            name: "LanyardScan", dependencies: ["LanyardModel", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: honestImports
        ),

        // L1 — SCIM 2.0 (RFC 7643/7644) as data and pure functions: schemas, filters, PATCH, projection, paging, errors.
        .target(name: "LanyardSCIM", dependencies: ["LanyardModel"], swiftSettings: honestImports),

        // L1 — the audit trail: canonical events, leaf hashes, checkpoint notes, proof checks, the offline verifier,
        // the action catalogue and its OCSF mapping. On MerkleLog; of ours only the model.
        .target(
            name: "LanyardAudit",
            dependencies: ["LanyardModel", "MerkleLog", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: honestImports
        ),

        // L1 — credentials: keys, signing, verification.
        .target(
            name: "LanyardCredentials",
            dependencies: [
                "LanyardModel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: honestImports
        ),

        // L2 — use cases and storage.
        .target(
            name: "LanyardCore",
            dependencies: [
                "LanyardModel", "LanyardAPI", "LanyardCredentials", "CedarPolicy", "MerkleLog", "LanyardAudit", "LanyardSCIM", "LanyardScan",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: honestImports
        ),
        .target(
            name: "LanyardStorage",
            dependencies: [
                "LanyardModel", "LanyardCore", "LanyardAudit",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: honestImports
        ),

        // L3 — edges.
        .target(
            name: "LanyardServer",
            dependencies: [
                "LanyardModel", "LanyardAPI", "LanyardCore", "LanyardCredentials", "LanyardAudit", "LanyardSCIM", "LanyardConsoleViews",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // Fetches external OIDC issuers' discovery documents and JWKS (federation).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Resolves webhook hosts off the cooperative pool (NIOThreadPool) before each delivery.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: honestImports
        ),
        .target(
            name: "LanyardClient",
            dependencies: [
                "LanyardModel", "LanyardAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: honestImports
        ),

        // L4 — the composition root (a node: configuration, store, use cases, HTTP server, background services)
        // and the CLI, which sees the node only through `LanyardNode` and the API only through the client.
        .target(
            name: "LanyardNode",
            dependencies: [
                "LanyardModel", "LanyardCore", "LanyardStorage", "LanyardServer", "LanyardCredentials", "LanyardAudit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
            ],
            swiftSettings: honestImports
        ),
        .executableTarget(
            name: "lanyard",
            dependencies: [
                "LanyardModel", "LanyardAPI", "LanyardNode", "LanyardClient", "CedarPolicy", "CedarPolicyTool", "LanyardCredentials",
                "LanyardAudit", "LanyardScan",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: honestImports
        ),

        // The ceiling-route benchmark product: a node plus routes that do only each hot path's unavoidable work.
        .executableTarget(
            name: "LanyardCeiling",
            dependencies: [
                "LanyardModel", "LanyardAPI", "LanyardAudit", "LanyardCore", "LanyardCredentials", "LanyardNode", "LanyardServer",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: honestImports
        ),

        // Test support, imported only by tests.
        .target(
            name: "LanyardTesting",
            dependencies: [
                "LanyardModel", "LanyardCore", "LanyardStorage", "LanyardCredentials",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: honestImports
        ),

        .testTarget(name: "LanyardModelTests", dependencies: ["LanyardModel", "LanyardAPI"], swiftSettings: honestImports),
        .testTarget(name: "CedarPolicyTests", dependencies: ["CedarPolicy", "CedarPolicyTool"], swiftSettings: honestImports),
        .testTarget(
            name: "MerkleLogTests", dependencies: ["MerkleLog"], resources: [.copy("Resources")], swiftSettings: honestImports
        ),
        .testTarget(
            name: "LanyardAuditTests",
            dependencies: ["LanyardAudit", "LanyardModel", "MerkleLog", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: honestImports
        ),
        .testTarget(
            name: "LanyardCredentialsTests",
            dependencies: [
                "LanyardCredentials", "LanyardModel", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: honestImports
        ),
        .testTarget(
            name: "LanyardCommandTests",
            dependencies: [
                "LanyardNode", "LanyardModel", "LanyardStorage", "LanyardTesting", .product(name: "Logging", package: "swift-log"),
                // Reads the trace exporter's configuration.
                .product(name: "OTel", package: "swift-otel"),
            ],
            swiftSettings: honestImports
        ),
        .testTarget(
            name: "LanyardAPITests", dependencies: ["LanyardAPI", "LanyardModel"], swiftSettings: honestImports),
        .testTarget(
            name: "LanyardConsoleViewsTests", dependencies: ["LanyardConsoleViews", "LanyardAPI", "LanyardModel"], swiftSettings: honestImports),
        .testTarget(name: "LanyardScanTests", dependencies: ["LanyardScan", "LanyardModel"], swiftSettings: honestImports),
        .testTarget(
            name: "LanyardSCIMTests", dependencies: ["LanyardSCIM", "LanyardModel"], swiftSettings: honestImports),
        .testTarget(
            name: "LanyardCoreTests",
            dependencies: [
                "LanyardCore", "LanyardModel", "LanyardAPI", "LanyardStorage", "LanyardTesting", "LanyardCredentials", "MerkleLog", "CedarPolicy",
                "LanyardAudit", "LanyardSCIM",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: honestImports
        ),
        .testTarget(
            name: "LanyardStorageTests",
            dependencies: [
                "LanyardStorage", "LanyardCore", "LanyardModel", "LanyardAPI", "LanyardTesting", "LanyardAudit",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                // Raw SQL, to tamper with a stored audit log in the verification tests.
                .product(name: "SQLKit", package: "sql-kit"),
                // The store's spans, recorded in memory.
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: honestImports
        ),
        .testTarget(
            name: "LanyardServerTests",
            dependencies: [
                "LanyardServer", "LanyardCore", "LanyardModel", "LanyardAPI", "LanyardTesting", "LanyardCredentials", "LanyardStorage",
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "JWTKit", package: "jwt-kit"), .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                // Server spans, recorded in memory.
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: honestImports
        ),
    ]
)
