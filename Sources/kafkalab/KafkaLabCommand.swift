import ArgumentParser

/// The root of the CLI. Each command group lives in its own file and stays thin: the work is in the libraries.
@main
struct KafkaLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafkalab",
        abstract: "A Kafka replication and resilience lab: brokers, a mirror, a tester, and faults on demand.",
        subcommands: [
            BrokerCommand.self,
            ClusterCommand.self,
            TopicsCommand.self,
            ProduceCommand.self,
            ConsumeCommand.self,
            PerfCommand.self,
            TestCommand.self,
            MirrorCommand.self,
            DemoCommand.self,
            DurabilityCommand.self,
            VerifyReplicasCommand.self,
        ]
    )
}
