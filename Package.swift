// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "KafkaLab",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kafkalab", targets: ["kafkalab"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Kafka protocol codec: primitives, request/response messages, RecordBatch v2, CRC-32C. No I/O.
        .target(
            name: "KafkaWire",
            dependencies: ["CCRC32C", .product(name: "NIOCore", package: "swift-nio")]
        ),
        // CRC-32C with the CPU's instruction (SSE 4.2); KafkaWire falls back to software without it.
        .target(name: "CCRC32C"),
        // fallocate for segment files (Linux), which Swift's Glibc module does not expose.
        .target(name: "CFileSpace"),
        // Partition logs on disk: segments, indexes, recovery, retention.
        .target(
            name: "KafkaLog",
            dependencies: [
                "KafkaWire",
                "CFileSpace",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libzookeeper-mt, as Debian's libzookeeper-mt-dev installs it.
        .systemLibrary(name: "CZooKeeper", pkgConfig: nil, providers: [.apt(["libzookeeper-mt-dev"])]),
        // Async Swift wrapper over the ZooKeeper C client.
        .target(
            name: "ZooKeeper",
            dependencies: ["CZooKeeper", .product(name: "Logging", package: "swift-log")]
        ),
        // The broker: SwiftNIO server, one handler per API key, partitions, groups, metadata in ZooKeeper.
        .target(
            name: "Broker",
            dependencies: [
                "KafkaWire", "KafkaLog", "ZooKeeper",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),
        // librdkafka, as Debian's librdkafka-dev installs it.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        // Async Swift wrapper over librdkafka: producer, consumer, admin. Shares no code with KafkaWire.
        .target(
            name: "KafkaClient",
            dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")]
        ),
        // The tester: stamped records, rate control, checking consumers, latency, verdict.
        .target(
            name: "Tester",
            dependencies: [
                "KafkaClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // The mirror: continuous replication of topics from a source cluster to a destination cluster.
        .target(
            name: "Mirror",
            dependencies: ["KafkaClient", .product(name: "Logging", package: "swift-log")]
        ),
        // Self-contained HTML reports with inline SVG charts.
        .target(name: "Report"),
        // Process supervisor for local clusters: ZooKeeper + brokers as separate processes.
        .target(
            name: "Lab",
            dependencies: [
                "ZooKeeper", .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // SplitMix64, for runs replayable from a printed seed. No dependencies, so any test target can use it.
        .target(name: "SeededRandom"),
        // The durability proof: replica consistency check, fault loop, failover time, verdict.
        .target(
            name: "Durability",
            dependencies: [
                "Broker", "KafkaWire", "KafkaClient", "Tester", "Lab", "SeededRandom",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The CLI: thin, one file per command group.
        .executableTarget(
            name: "kafkalab",
            dependencies: [
                "Broker", "Lab", "KafkaClient", "Tester", "KafkaWire", "Mirror", "Report", "Durability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "KafkaWireTests", dependencies: ["KafkaWire", "SeededRandom"]),
        .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
        .testTarget(name: "KafkaLogTests", dependencies: ["KafkaLog", "KafkaWire"]),
        .testTarget(name: "ZooKeeperTests", dependencies: ["ZooKeeper", "Lab"]),
        .testTarget(
            name: "BrokerTests",
            dependencies: ["Broker", "KafkaWire", "SeededRandom", .product(name: "NIOTestUtils", package: "swift-nio")]
        ),
        .testTarget(name: "KafkaClientTests", dependencies: ["KafkaClient"]),
        .testTarget(name: "TesterTests", dependencies: ["Tester"]),
        .testTarget(name: "ReportTests", dependencies: ["Report"]),
        .testTarget(name: "MirrorTests", dependencies: ["Mirror", "KafkaClient"]),
        .testTarget(name: "DurabilityTests", dependencies: ["Durability", "Tester", "KafkaClient"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Lab", "KafkaClient", "KafkaWire", "Tester", "Durability", "SeededRandom",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
