import Testing

@testable import Durability

/// The probe measures the cluster's failover, so its client must not add delays of its own.
struct FailoverProbeTests {
    /// Regression: the new leader is often the broker restarted after the previous fault, and librdkafka's default
    /// reconnect backoff (growing to 10 s while that broker was down) made about one kill in six measure 4.5-9.6 s
    /// although the new leader was in metadata after 3-3.5 s.
    @Test func reconnectsToARestartedBrokerWithinATenthOfASecond() throws {
        let properties = FailoverProbe.clientProperties
        let initial = try #require(properties["reconnect.backoff.ms"].flatMap { Int($0) })
        let maximum = try #require(properties["reconnect.backoff.max.ms"].flatMap { Int($0) })
        #expect(initial <= maximum)
        #expect(maximum <= 100)
    }
}
