import KafkaClient
import Testing

@Suite struct KafkaConfigTests {
    @Test func parsesPropertiesFilesWithCommentsAndBothSeparators() throws {
        let parsed = try KafkaConfig.parseProperties(
            """
            # SASL over TLS
            security.protocol=SASL_SSL
            ! another comment style
              sasl.mechanism : PLAIN

            sasl.jaas.config=a=b
            """)
        #expect(parsed == ["security.protocol": "SASL_SSL", "sasl.mechanism": "PLAIN", "sasl.jaas.config": "a=b"])
    }

    @Test func rejectsMalformedPropertiesLines() {
        #expect(throws: KafkaError.self) { try KafkaConfig.parseProperties("no separator here") }
        #expect(throws: KafkaError.self) { try KafkaConfig.parseProperties("=value") }
    }

    @Test func parsesDashXAssignments() throws {
        #expect(try KafkaConfig.parseAssignment("acks=all") == ("acks", "all"))
        #expect(try KafkaConfig.parseAssignment("sasl.jaas.config=x=y") == ("sasl.jaas.config", "x=y"))
        #expect(throws: KafkaError.self) { try KafkaConfig.parseAssignment("acks") }
    }

    @Test func unknownPropertySurfacesAsTypedError() {
        do {
            _ = try KafkaProducer(config: KafkaConfig(["no.such.property": "1"]))
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("no.such.property"))
        }
    }

    @Test func errorsCarryLibrdkafkaNames() {
        let error = KafkaError(code: -184)  // _QUEUE_FULL
        #expect(error.isQueueFull)
        #expect(error.name == "_QUEUE_FULL")
    }
}
