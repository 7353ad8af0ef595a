"""confluent-kafka (bundled librdkafka) against a KafkaLab broker: produce, consume, groups, admin."""

from __future__ import annotations

import time

import pytest
from confluent_kafka import (OFFSET_BEGINNING, OFFSET_END, TIMESTAMP_CREATE_TIME, Consumer, KafkaException,
                             Producer, TopicPartition)
from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource, NewPartitions, NewTopic

from support import create_topic_confluent, wait_for_leaders_confluent, wait_until

PARTITIONS = 6


@pytest.fixture
def admin(bootstrap: str) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap})


@pytest.fixture
def topic6(bootstrap: str, new_name) -> str:
    topic = new_name()
    create_topic_confluent(bootstrap, topic, PARTITIONS)
    return topic


def produce_all(bootstrap: str, topic: str, records: list[dict], **config) -> list:
    """Produces `records` (kwargs for Producer.produce) and returns the delivered messages; fails on any error."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, **config})
    delivered, errors = [], []

    def on_delivery(error, message):
        (errors if error else delivered).append(error or message)

    for record in records:
        producer.produce(topic, on_delivery=on_delivery, **record)
        producer.poll(0)
    remaining = producer.flush(30)
    assert remaining == 0, f"{remaining} messages still undelivered after 30 s"
    assert errors == [], f"delivery errors: {errors}"
    assert len(delivered) == len(records)
    return delivered


def assigned_consumer(bootstrap: str, partitions: list[TopicPartition]) -> Consumer:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "compat-unused", "enable.auto.commit": False})
    consumer.assign(partitions)
    return consumer


def read(consumer: Consumer, count: int, timeout: float = 30) -> list:
    """Polls until `count` messages arrived (fails on a consumer error or the timeout)."""
    messages = []
    deadline = time.monotonic() + timeout
    while len(messages) < count and time.monotonic() < deadline:
        message = consumer.poll(0.2)
        if message is None:
            continue
        if message.error():
            raise KafkaException(message.error())
        messages.append(message)
    assert len(messages) == count, f"read {len(messages)} of {count} messages within {timeout:.0f}s"
    return messages


def read_partition(bootstrap: str, topic: str, partition: int, offset: int, count: int) -> list:
    consumer = assigned_consumer(bootstrap, [TopicPartition(topic, partition, offset)])
    try:
        return read(consumer, count)
    finally:
        consumer.close()


# --- topics and metadata -----------------------------------------------------------------------------------------


def test_create_topic_metadata_shows_six_led_partitions(admin: AdminClient, bootstrap: str, new_name):
    topic = new_name()
    futures = admin.create_topics([NewTopic(topic, num_partitions=PARTITIONS, replication_factor=1)])
    futures[topic].result(timeout=30)
    metadata = wait_for_leaders_confluent(admin, topic, PARTITIONS)
    assert sorted(metadata.partitions) == list(range(PARTITIONS))
    for partition in metadata.partitions.values():
        assert partition.leader == 0
        assert partition.replicas == [0]
        assert partition.isrs == [0]
    cluster = admin.list_topics(timeout=10)
    assert list(cluster.brokers) == [0]
    assert cluster.controller_id == 0


def test_create_existing_topic_fails_with_topic_already_exists(admin: AdminClient, topic6: str):
    futures = admin.create_topics([NewTopic(topic6, num_partitions=PARTITIONS, replication_factor=1)])
    with pytest.raises(KafkaException) as raised:
        futures[topic6].result(timeout=30)
    assert raised.value.args[0].name() == "TOPIC_ALREADY_EXISTS"


def test_create_partitions_grows_six_to_eight_and_partition_7_takes_records(admin, bootstrap: str, topic6: str):
    futures = admin.create_partitions([NewPartitions(topic6, 8)])
    futures[topic6].result(timeout=30)
    wait_for_leaders_confluent(admin, topic6, 8)
    [delivered] = produce_all(bootstrap, topic6, [{"key": b"k7", "value": b"on-seven", "partition": 7}])
    assert delivered.partition() == 7
    [message] = read_partition(bootstrap, topic6, 7, OFFSET_BEGINNING, 1)
    assert (message.key(), message.value()) == (b"k7", b"on-seven")


def test_delete_topic_removes_it_and_recreate_works(admin: AdminClient, bootstrap: str, topic6: str):
    produce_all(bootstrap, topic6, [{"value": b"before-delete", "partition": 0}])
    admin.delete_topics([topic6], operation_timeout=30)[topic6].result(timeout=30)
    wait_until(lambda: topic6 not in admin.list_topics(timeout=5).topics, 30, f"{topic6} to leave metadata")

    def recreate():
        futures = admin.create_topics([NewTopic(topic6, num_partitions=3, replication_factor=1)])
        futures[topic6].result(timeout=30)
        return True

    # Deletion may still be finishing in the background; Kafka then refuses the create, so retry.
    wait_until(recreate, 30, f"re-creating {topic6}", interval=0.5)
    wait_for_leaders_confluent(admin, topic6, 3)
    produce_all(bootstrap, topic6, [{"value": b"after-recreate", "partition": 0}])
    [message] = read_partition(bootstrap, topic6, 0, OFFSET_BEGINNING, 1)
    assert message.value() == b"after-recreate", "the re-created topic must start empty"
    assert message.offset() == 0


def test_describe_configs_for_topic_and_broker(admin: AdminClient, bootstrap: str, new_name):
    topic = new_name()
    create_topic_confluent(bootstrap, topic, 1, config={"retention.ms": "123456789"})
    topic_resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
    topic_configs = admin.describe_configs([topic_resource])[topic_resource].result(timeout=30)
    assert topic_configs["retention.ms"].value == "123456789"
    assert "cleanup.policy" in topic_configs

    broker_resource = ConfigResource(ConfigResource.Type.BROKER, "0")
    broker_configs = admin.describe_configs([broker_resource])[broker_resource].result(timeout=30)
    assert broker_configs["broker.id"].value == "0"
    assert broker_configs["num.partitions"].value == "1", "the lab's server.properties sets num.partitions=1"
    assert broker_configs["log.dirs"].value

    other = new_name()
    create_topic_confluent(bootstrap, other, 1)
    other_resource = ConfigResource(ConfigResource.Type.TOPIC, other)
    defaults = admin.describe_configs([other_resource])[other_resource].result(timeout=30)
    assert defaults["retention.ms"].value == str(7 * 24 * 3600 * 1000), "Kafka's default retention: 7 days"
    assert defaults["retention.ms"].is_default
    assert not topic_configs["retention.ms"].is_default


def test_broker_config_sources_are_static_or_default(admin: AdminClient):
    """Broker settings come from server.properties (STATIC_BROKER_CONFIG) or defaults (DEFAULT_CONFIG); a
    DYNAMIC_TOPIC_CONFIG source on a broker resource makes tools show them as per-topic overrides."""
    resource = ConfigResource(ConfigResource.Type.BROKER, "0")
    entries = admin.describe_configs([resource])[resource].result(timeout=30)
    sources = {name: ConfigSource(entry.source).name for name, entry in entries.items()}
    assert sources["broker.id"] == "STATIC_BROKER_CONFIG", sources
    assert set(sources.values()) <= {"STATIC_BROKER_CONFIG", "DEFAULT_CONFIG"}, sources


# --- producing ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("acks,idempotent", [(0, False), (1, False), (-1, False), (-1, True)],
                         ids=["acks0", "acks1", "acks-all", "acks-all-idempotent"])
def test_produce_with_acks_and_idempotence_round_trips(bootstrap: str, topic6: str, acks: int, idempotent: bool):
    records = [{"key": f"k{i}".encode(), "value": f"v{i}".encode(), "partition": i % PARTITIONS}
               for i in range(60)]
    delivered = produce_all(bootstrap, topic6, records, acks=acks, **{"enable.idempotence": idempotent})
    if acks != 0:
        for partition in range(PARTITIONS):
            offsets = [m.offset() for m in delivered if m.partition() == partition]
            assert offsets == list(range(10)), f"partition {partition} offsets {offsets}"
    for partition in range(PARTITIONS):
        messages = read_partition(bootstrap, topic6, partition, OFFSET_BEGINNING, 10)
        assert [m.offset() for m in messages] == list(range(10))
        expected = [(r["key"], r["value"]) for r in records if r["partition"] == partition]
        assert [(m.key(), m.value()) for m in messages] == expected


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_produce_compressed_round_trips(bootstrap: str, topic6: str, codec: str):
    records = [{"key": f"key-{i}".encode(), "value": (f"value-{i}-" + "x" * 200).encode(), "partition": 2}
               for i in range(50)]
    produce_all(bootstrap, topic6, records, **{"compression.codec": codec, "linger.ms": 50})
    messages = read_partition(bootstrap, topic6, 2, OFFSET_BEGINNING, 50)
    assert [(m.key(), m.value()) for m in messages] == [(r["key"], r["value"]) for r in records]
    assert [m.offset() for m in messages] == list(range(50))


def test_keys_values_headers_and_timestamps_round_trip(bootstrap: str, topic6: str):
    base = int(time.time() * 1000) - 60_000
    records = [
        {"key": b"k0", "value": b"plain", "timestamp": base, "partition": 1},
        {"key": None, "value": b"no key", "timestamp": base + 1, "partition": 1},
        {"key": b"k2", "value": None, "timestamp": base + 2, "partition": 1},
        {"key": b"\x00\xffbin", "value": bytes(range(256)), "timestamp": base + 3, "partition": 1,
         "headers": [("h1", b"one"), ("h2", b""), ("h1", b"again"), ("bin", b"\x00\x01")]},
        {"key": b"k4", "value": "ünïcødé".encode(), "timestamp": base + 4, "partition": 1,
         "headers": [("trace-id", b"abc123")]},
    ]
    produce_all(bootstrap, topic6, records)
    messages = read_partition(bootstrap, topic6, 1, OFFSET_BEGINNING, len(records))
    for record, message in zip(records, messages):
        assert message.key() == record["key"]
        assert message.value() == record["value"]
        assert message.timestamp() == (TIMESTAMP_CREATE_TIME, record["timestamp"])
        assert (message.headers() or []) == record.get("headers", [])


# --- consuming from positions ------------------------------------------------------------------------------------


@pytest.fixture
def ten_timed_records(bootstrap: str, topic6: str) -> tuple[str, int]:
    """Ten records on partition 3 with timestamps base, base+1000, ... (offset i has base + 1000 i)."""
    base = int(time.time() * 1000) - 3_600_000
    produce_all(bootstrap, topic6, [{"value": f"r{i}".encode(), "partition": 3, "timestamp": base + 1000 * i}
                                    for i in range(10)])
    return topic6, base


def test_consume_from_earliest(bootstrap: str, ten_timed_records):
    topic, _ = ten_timed_records
    messages = read_partition(bootstrap, topic, 3, OFFSET_BEGINNING, 10)
    assert [m.value() for m in messages] == [f"r{i}".encode() for i in range(10)]


def test_consume_from_given_offset(bootstrap: str, ten_timed_records):
    topic, _ = ten_timed_records
    messages = read_partition(bootstrap, topic, 3, 7, 3)
    assert [(m.offset(), m.value()) for m in messages] == [(7, b"r7"), (8, b"r8"), (9, b"r9")]


def test_consume_from_latest_sees_only_new_records(bootstrap: str, ten_timed_records):
    topic, _ = ten_timed_records
    consumer = assigned_consumer(bootstrap, [TopicPartition(topic, 3, OFFSET_END)])
    received = []
    try:
        # The consumer resolves "latest" asynchronously, so we cannot know when it is positioned: keep producing
        # markers until one arrives. Whatever arrives must be a marker (offset >= 10), never an older record.
        def got_a_marker():
            produce_all(bootstrap, topic, [{"value": b"marker", "partition": 3}])
            message = consumer.poll(0.5)
            if message is not None:
                assert not message.error(), message.error()
                received.append(message)
            return received

        wait_until(got_a_marker, 30, "a record produced after the consumer started at latest", interval=0)
        assert received[0].value() == b"marker"
        assert received[0].offset() >= 10
    finally:
        consumer.close()


def test_watermarks_and_offsets_for_times(bootstrap: str, ten_timed_records):
    topic, base = ten_timed_records
    consumer = assigned_consumer(bootstrap, [])
    try:
        assert consumer.get_watermark_offsets(TopicPartition(topic, 3), timeout=10) == (0, 10)
        assert consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10) == (0, 0)
        # One partition per call: librdkafka matches answers by partition, so a repeated partition is ambiguous.
        [between] = consumer.offsets_for_times([TopicPartition(topic, 3, base + 4500)], timeout=10)
        assert between.offset == 5, "the first record at or after base+4500 is r5"
        [exact] = consumer.offsets_for_times([TopicPartition(topic, 3, base + 2000)], timeout=10)
        assert exact.offset == 2
        [after_all] = consumer.offsets_for_times([TopicPartition(topic, 3, base + 3_600_000)], timeout=10)
        assert after_all.offset == -1, "a timestamp after every record has no offset (end)"
    finally:
        consumer.close()
    messages = read_partition(bootstrap, topic, 3, 5, 5)
    assert [m.timestamp()[1] for m in messages] == [base + 1000 * i for i in range(5, 10)]


# --- consumer groups ---------------------------------------------------------------------------------------------


def group_consumer(bootstrap: str, group: str, topic: str, **extra) -> Consumer:
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
        "session.timeout.ms": 6000, "heartbeat.interval.ms": 500, **extra,
    })
    consumer.subscribe([topic])
    return consumer


def poll_round(consumers: list[Consumer], sink: list[list]) -> None:
    for consumer, received in zip(consumers, sink):
        message = consumer.poll(0.05)
        if message is None:
            continue
        if message.error():
            raise KafkaException(message.error())
        received.append(message)


def split_of(consumers: list[Consumer], topic: str, members: int):
    """The partitions each consumer owns, if every consumer owns some and together they own all, disjointly."""
    owned = [{tp.partition for tp in c.assignment() if tp.topic == topic} for c in consumers]
    if len(owned) != members or any(not o for o in owned):
        return None
    union = set().union(*owned)
    if union != set(range(PARTITIONS)) or sum(len(o) for o in owned) != PARTITIONS:
        return None
    return owned


def test_three_member_group_splits_partitions_and_rebalances(bootstrap: str, topic6: str, new_name):
    group = new_name("g")
    consumers = [group_consumer(bootstrap, group, topic6) for _ in range(3)]
    sink: list[list] = [[], [], []]
    try:
        def settled():
            poll_round(consumers, sink)
            return split_of(consumers, topic6, 3)

        owned = wait_until(settled, 60, "3 members to own 2 partitions each", interval=0)
        assert [len(o) for o in owned] == [2, 2, 2]

        records = [{"key": f"k{i}".encode(), "value": f"first-{i}".encode(), "partition": i % PARTITIONS}
                   for i in range(60)]
        produce_all(bootstrap, topic6, records)
        wait_until(lambda: poll_round(consumers, sink) or sum(map(len, sink)) >= 60, 60, "60 records in the group",
                   interval=0)
        for member, received in enumerate(sink):
            assert {m.partition() for m in received} <= owned[member], "a member read a partition it does not own"
        everything = [(m.partition(), m.offset()) for received in sink for m in received]
        assert len(everything) == len(set(everything)) == 60, "every record exactly once"
        assert sorted(m.value() for r in sink for m in r) == sorted(r["value"] for r in records)

        consumers[2].close()
        survivors, survivor_sink = consumers[:2], [[], []]

        def resettled():
            poll_round(survivors, survivor_sink)
            return split_of(survivors, topic6, 2)

        owned = wait_until(resettled, 60, "the 2 remaining members to own all 6 partitions", interval=0)
        assert sorted(len(o) for o in owned) == [3, 3]

        more = [{"value": f"second-{i}".encode(), "partition": i % PARTITIONS} for i in range(12)]
        produce_all(bootstrap, topic6, more)
        wait_until(lambda: poll_round(survivors, survivor_sink) or sum(map(len, survivor_sink)) >= 12, 60,
                   "12 more records after the rebalance", interval=0)
        after = [m.value() for r in survivor_sink for m in r]
        assert sorted(after) == sorted(r["value"] for r in more), "after the rebalance: only the new records, once"
    finally:
        for consumer in consumers:
            try:
                consumer.close()
            except RuntimeError:
                pass  # already closed


def test_committed_offsets_survive_broker_restart(cluster, bootstrap: str, topic6: str, new_name):
    group = new_name("g")
    records = [{"value": f"v{i}".encode(), "partition": i % PARTITIONS} for i in range(60)]
    produce_all(bootstrap, topic6, records)

    first = group_consumer(bootstrap, group, topic6, **{"enable.auto.commit": False})
    try:
        first_read = read(first, 30, timeout=60)
        committed = first.commit(asynchronous=False)
        assert sum(tp.offset for tp in committed if tp.offset >= 0) == 30
    finally:
        first.close()

    cluster.restart(0, signal="TERM")

    second = group_consumer(bootstrap, group, topic6, **{"enable.auto.commit": False})
    try:
        second_read = read(second, 30, timeout=60)
        first_ids = {(m.partition(), m.offset()) for m in first_read}
        second_ids = {(m.partition(), m.offset()) for m in second_read}
        assert not first_ids & second_ids, "the restarted consumer re-read committed records"
        assert len(first_ids | second_ids) == 60
        second.commit(asynchronous=False)
        committed = second.committed([TopicPartition(topic6, p) for p in range(PARTITIONS)], timeout=10)
        assert [tp.offset for tp in committed] == [10] * PARTITIONS, "nothing left unread"
    finally:
        second.close()


def test_list_and_describe_consumer_groups(admin: AdminClient, bootstrap: str, topic6: str, new_name):
    group = new_name("g")
    consumer = group_consumer(bootstrap, group, topic6)
    try:
        wait_until(lambda: consumer.poll(0.05) is None and len(consumer.assignment()) == PARTITIONS, 60,
                   "the single member to own all partitions", interval=0)

        def listed():
            result = admin.list_consumer_groups(request_timeout=10).result()
            return next((g for g in result.valid if g.group_id == group), None)

        listing = wait_until(listed, 30, f"{group} in list_consumer_groups")
        assert listing.is_simple_consumer_group is False

        description = admin.describe_consumer_groups([group], request_timeout=10)[group].result()
        assert description.group_id == group
        assert description.state.name == "STABLE"
        assert description.coordinator.id == 0
        [member] = description.members
        assert member.client_id
        assert sorted(tp.partition for tp in member.assignment.topic_partitions) == list(range(PARTITIONS))
        assert {tp.topic for tp in member.assignment.topic_partitions} == {topic6}
    finally:
        consumer.close()
