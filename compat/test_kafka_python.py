"""kafka-python (pure Python) against a KafkaLab broker: produce, consume, groups, admin."""

from __future__ import annotations

import logging
import threading
import time

import kafka.codec
import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewPartitions, NewTopic

from support import wait_until

PARTITIONS = 6

CODEC_AVAILABLE = {
    "gzip": kafka.codec.has_gzip(),
    "snappy": kafka.codec.has_snappy(),
    "lz4": kafka.codec.has_lz4(),
    "zstd": kafka.codec.has_zstd(),
}
CODEC_LIBRARY = {"gzip": "zlib", "snappy": "python-snappy", "lz4": "lz4", "zstd": "zstandard"}


@pytest.fixture
def admin(bootstrap: str):
    client = KafkaAdminClient(bootstrap_servers=bootstrap)
    yield client
    client.close()


def partitions_with_leaders(admin: KafkaAdminClient, topic: str) -> dict[int, int]:
    """partition -> leader, from a fresh Metadata request; empty while the topic is unknown."""
    [description] = admin.describe_topics([topic])
    if description["error_code"] != 0:
        return {}
    return {p["partition_index"]: p["leader_id"] for p in description["partitions"] if p["error_code"] == 0}


def wait_for_partitions(admin: KafkaAdminClient, topic: str, count: int) -> dict[int, int]:
    def ready():
        leaders = partitions_with_leaders(admin, topic)
        return leaders if len(leaders) == count and all(leader >= 0 for leader in leaders.values()) else None

    return wait_until(ready, 30, f"{topic} to have {count} partitions with leaders")


def create_topic(admin: KafkaAdminClient, topic: str, partitions: int, configs: dict | None = None) -> None:
    result = admin.create_topics([NewTopic(topic, partitions, 1, topic_configs=configs or {})])
    assert [t["error_code"] for t in result["topics"]] == [0], result
    wait_for_partitions(admin, topic, partitions)


@pytest.fixture
def topic6(admin: KafkaAdminClient, new_name) -> str:
    topic = new_name()
    create_topic(admin, topic, PARTITIONS)
    return topic


def produce_all(bootstrap: str, topic: str, records: list[dict], **config) -> list:
    """Sends `records` (kwargs for KafkaProducer.send) and returns their RecordMetadata; fails on any error."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, **{"linger_ms": 5, **config})
    try:
        futures = [producer.send(topic, **record) for record in records]
        producer.flush(timeout=30)
        return [future.get(timeout=30) for future in futures]
    finally:
        producer.close(timeout=10)


def read(consumer: KafkaConsumer, count: int, timeout: float = 30) -> list:
    records = []
    deadline = time.monotonic() + timeout
    while len(records) < count and time.monotonic() < deadline:
        for batch in consumer.poll(timeout_ms=200, max_records=count - len(records)).values():
            records.extend(batch)
    assert len(records) == count, f"read {len(records)} of {count} records within {timeout:.0f}s"
    return records


def read_partition(bootstrap: str, topic: str, partition: int, count: int, offset: int | None = None) -> list:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest")
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        if offset is not None:
            consumer.seek(tp, offset)
        return read(consumer, count)
    finally:
        consumer.close()


# --- topics and metadata -----------------------------------------------------------------------------------------


def test_create_topic_metadata_shows_six_led_partitions(admin: KafkaAdminClient, bootstrap: str, new_name):
    topic = new_name()
    create_topic(admin, topic, PARTITIONS)
    leaders = wait_for_partitions(admin, topic, PARTITIONS)
    assert leaders == {p: 0 for p in range(PARTITIONS)}
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        assert consumer.partitions_for_topic(topic) == set(range(PARTITIONS))
        assert topic in consumer.topics()
    finally:
        consumer.close()


def test_create_partitions_grows_six_to_eight_and_partition_7_takes_records(admin, bootstrap: str, topic6: str):
    response = admin.create_partitions({topic6: NewPartitions(8)})
    assert [r.error_code for r in response.results] == [0]
    wait_for_partitions(admin, topic6, 8)
    [metadata] = produce_all(bootstrap, topic6, [{"key": b"k7", "value": b"on-seven", "partition": 7}])
    assert (metadata.partition, metadata.offset) == (7, 0)
    [record] = read_partition(bootstrap, topic6, 7, 1)
    assert (record.key, record.value) == (b"k7", b"on-seven")


def test_delete_topic_removes_it_and_recreate_works(admin: KafkaAdminClient, bootstrap: str, topic6: str):
    produce_all(bootstrap, topic6, [{"value": b"before-delete", "partition": 0}])
    result = admin.delete_topics([topic6])
    assert [t["error_code"] for t in result["topics"]] == [0], result
    wait_until(lambda: topic6 not in admin.list_topics(), 30, f"{topic6} to leave metadata")

    def recreate():
        created = admin.create_topics([NewTopic(topic6, 2, 1)], raise_errors=False)
        return created["topics"][0]["error_code"] == 0

    wait_until(recreate, 30, f"re-creating {topic6}", interval=0.5)
    wait_for_partitions(admin, topic6, 2)
    produce_all(bootstrap, topic6, [{"value": b"after-recreate", "partition": 0}])
    [record] = read_partition(bootstrap, topic6, 0, 1)
    assert (record.offset, record.value) == (0, b"after-recreate"), "the re-created topic must start empty"


def test_describe_configs_for_topic_and_broker(admin: KafkaAdminClient, new_name):
    topic = new_name()
    create_topic(admin, topic, 1, configs={"retention.ms": "86400000"})
    described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic),
                                        ConfigResource(ConfigResourceType.BROKER, "0")], config_filter="all")
    topic_configs = described["topic"][topic]
    assert topic_configs["retention.ms"]["value"] == "86400000"
    assert topic_configs["retention.ms"]["config_source"] == "DYNAMIC_TOPIC_CONFIG"
    assert topic_configs["cleanup.policy"]["value"] == "delete"
    assert topic_configs["cleanup.policy"]["config_source"] == "DEFAULT_CONFIG"
    broker_configs = described["broker"]["0"]
    assert broker_configs["broker.id"]["value"] == "0"
    assert broker_configs["num.partitions"]["value"] == "1"


# --- producing ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("acks,idempotent", [(0, False), (1, False), ("all", False), ("all", True)],
                         ids=["acks0", "acks1", "acks-all", "acks-all-idempotent"])
def test_produce_with_acks_and_idempotence_round_trips(bootstrap: str, topic6: str, acks, idempotent: bool):
    records = [{"key": f"k{i}".encode(), "value": f"v{i}".encode(), "partition": i % PARTITIONS}
               for i in range(60)]
    metadata = produce_all(bootstrap, topic6, records, acks=acks, enable_idempotence=idempotent)
    if acks != 0:
        for partition in range(PARTITIONS):
            assert [m.offset for m in metadata if m.partition == partition] == list(range(10))
    for partition in range(PARTITIONS):
        consumed = read_partition(bootstrap, topic6, partition, 10)
        assert [r.offset for r in consumed] == list(range(10))
        assert [(r.key, r.value) for r in consumed] == [(x["key"], x["value"]) for x in records
                                                        if x["partition"] == partition]


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_produce_compressed_round_trips(bootstrap: str, topic6: str, codec: str):
    if not CODEC_AVAILABLE[codec]:
        pytest.skip(f"kafka-python has no {codec}: the optional '{CODEC_LIBRARY[codec]}' package is not installed")
    records = [{"key": f"key-{i}".encode(), "value": (f"value-{i}-" + "x" * 200).encode(), "partition": 2}
               for i in range(50)]
    produce_all(bootstrap, topic6, records, compression_type=codec, linger_ms=50)
    consumed = read_partition(bootstrap, topic6, 2, 50)
    assert [(r.key, r.value) for r in consumed] == [(x["key"], x["value"]) for x in records]
    assert [r.offset for r in consumed] == list(range(50))


def test_keys_values_headers_and_timestamps_round_trip(bootstrap: str, topic6: str):
    base = int(time.time() * 1000) - 60_000
    records = [
        {"key": b"k0", "value": b"plain", "timestamp_ms": base, "partition": 1},
        {"key": None, "value": b"no key", "timestamp_ms": base + 1, "partition": 1},
        {"key": b"k2", "value": None, "timestamp_ms": base + 2, "partition": 1},
        {"key": b"\x00\xff", "value": bytes(range(256)), "timestamp_ms": base + 3, "partition": 1,
         "headers": [("h1", b"one"), ("h1", b"again"), ("bin", b"\x00\x01")]},
    ]
    produce_all(bootstrap, topic6, records)
    consumed = read_partition(bootstrap, topic6, 1, len(records))
    for record, got in zip(records, consumed):
        assert (got.key, got.value) == (record["key"], record["value"])
        assert got.timestamp == record["timestamp_ms"]
        assert got.timestamp_type == 0, "CreateTime"
        assert list(got.headers) == record.get("headers", [])


# --- consuming from positions ------------------------------------------------------------------------------------


@pytest.fixture
def ten_timed_records(bootstrap: str, topic6: str) -> tuple[str, int]:
    """Ten records on partition 3: offset i has value r<i> and timestamp base + 1000 i."""
    base = int(time.time() * 1000) - 3_600_000
    produce_all(bootstrap, topic6, [{"value": f"r{i}".encode(), "partition": 3, "timestamp_ms": base + 1000 * i}
                                    for i in range(10)])
    return topic6, base


def test_consume_from_earliest(bootstrap: str, ten_timed_records):
    topic, _ = ten_timed_records
    assert [r.value for r in read_partition(bootstrap, topic, 3, 10)] == [f"r{i}".encode() for i in range(10)]


def test_consume_from_given_offset(bootstrap: str, ten_timed_records):
    topic, _ = ten_timed_records
    consumed = read_partition(bootstrap, topic, 3, 3, offset=7)
    assert [(r.offset, r.value) for r in consumed] == [(7, b"r7"), (8, b"r8"), (9, b"r9")]


def test_consume_from_latest_sees_only_new_records(bootstrap: str, ten_timed_records):
    topic, _ = ten_timed_records
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="latest")
    tp = TopicPartition(topic, 3)
    try:
        consumer.assign([tp])
        consumer.seek_to_end(tp)
        assert consumer.position(tp) == 10, "position() resolves 'latest' to the log end offset"
        produce_all(bootstrap, topic, [{"value": b"new", "partition": 3}])
        [record] = read(consumer, 1)
        assert (record.offset, record.value) == (10, b"new")
    finally:
        consumer.close()


def test_offsets_for_times_and_end_offsets(bootstrap: str, ten_timed_records):
    topic, base = ten_timed_records
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    tp, empty = TopicPartition(topic, 3), TopicPartition(topic, 0)
    try:
        assert consumer.beginning_offsets([tp, empty]) == {tp: 0, empty: 0}
        assert consumer.end_offsets([tp, empty]) == {tp: 10, empty: 0}
        found = consumer.offsets_for_times({tp: base + 4500})[tp]
        assert (found.offset, found.timestamp) == (5, base + 5000)
        assert consumer.offsets_for_times({tp: base + 3_600_000})[tp] is None, "after every record: no offset"
        consumer.assign([tp])
        consumer.seek(tp, found.offset)
        assert [r.value for r in read(consumer, 5)] == [f"r{i}".encode() for i in range(5, 10)]
    finally:
        consumer.close()


# --- consumer groups ---------------------------------------------------------------------------------------------


def group_consumer(bootstrap: str, group: str, topic: str, **extra) -> KafkaConsumer:
    """A group member subscribed to `topic` that has not polled yet, and already holds the topic's metadata.

    Why the metadata first: when a round that the group leader started because its metadata changed completes
    unawaited, kafka-python 3.0.12 does not even start a new one. The leader's assignment has already recorded the
    new metadata, so `need_rejoin()` is false; the member stays REBALANCING with its heartbeats off and never
    applies its assignment, and the coordinator drops it after the session timeout. Seen twice in CI, each time
    after the leader's first assignment had found "No partition metadata" for the topic (once in a three-member
    group, once in a group of one). A leader that has the metadata when the group first forms has no such round.
    """
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                             session_timeout_ms=6000, heartbeat_interval_ms=500, **extra)
    try:
        consumer.subscribe([topic])
        await_topic_metadata(consumer, topic)
    except BaseException:
        consumer.close()
        raise
    return consumer


def await_topic_metadata(consumer: KafkaConsumer, topic: str, timeout: float = 30) -> None:
    """Returns once `consumer` knows `topic`'s partitions, in its cluster view and in the snapshot its group
    coordinator compares assignments with (a private attribute: if a later kafka-python drops it, only the public
    view is awaited). Fails after `timeout` seconds."""

    def known() -> bool:
        consumer.topics()  # a metadata round trip; the coordinator's metadata listener sees it too
        partitions = consumer.partitions_for_topic(topic)
        if not partitions:
            return False
        snapshot = getattr(getattr(consumer, "_coordinator", None), "_metadata_snapshot", None)
        return snapshot is None or set(snapshot.get(topic, ())) == set(partitions)

    wait_until(known, timeout, f"the consumer's metadata to list {topic}'s partitions")


class PollingMember:
    """One group member polling on its own thread, as an application runs a consumer.

    Why a thread each: kafka-python 3.0.12 drops a JoinGroup/SyncGroup round that completes while its consumer is
    not inside poll() and sends a fresh JoinGroup (join_group_async replaces a finished join task instead of taking
    its result). The group leader's JoinGroup in a Stable group starts a rebalance, as on Kafka, so consumers polled
    in turn from one thread make the group rebalance over and over on a loaded machine. Polled without pause, each
    member is nearly always inside poll() when its round completes.

    Each member holds the topic's metadata before its first poll (see `group_consumer`).
    """

    def __init__(self, bootstrap: str, group: str, topic: str):
        self._args = (bootstrap, group, topic)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._received: list = []
        self._owned: frozenset[int] = frozenset()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"member-{group}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        bootstrap, group, topic = self._args
        try:
            consumer = group_consumer(bootstrap, group, topic)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
            return
        try:
            while not self._stop.is_set():
                batches = consumer.poll(timeout_ms=200)
                owned = frozenset(tp.partition for tp in consumer.assignment() if tp.topic == topic)
                with self._lock:
                    for batch in batches.values():
                        self._received.extend(batch)
                    self._owned = owned
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
        finally:
            consumer.close()  # commits what was read, then leaves the group

    def owned(self) -> frozenset[int]:
        with self._lock:
            return self._owned

    def received(self) -> list:
        with self._lock:
            return list(self._received)

    def forget_received(self) -> None:
        with self._lock:
            self._received.clear()

    def stop(self, check: bool = True) -> None:
        """Closes the consumer (leaving the group) and waits for the thread; `check` fails on what went wrong."""
        self._stop.set()
        self._thread.join(timeout=60)
        if check:
            assert not self._thread.is_alive(), "a member did not close within 60 s"
            assert self.error is None, f"a member failed: {self.error!r}"


def split_of(members: list[PollingMember]):
    """The partitions each member owns, if every member owns some and together they own all, disjointly."""
    for member in members:
        assert member.error is None, f"a member failed: {member.error!r}"
    owned = [member.owned() for member in members]
    if any(not o for o in owned) or set().union(*owned) != set(range(PARTITIONS)):
        return None
    return owned if sum(len(o) for o in owned) == PARTITIONS else None


def test_three_member_group_splits_partitions_and_rebalances(bootstrap: str, topic6: str, new_name, caplog):
    # The clients' side of every join and sync, for the failure report (heartbeats only from INFO up).
    caplog.set_level(logging.DEBUG, logger="kafka.coordinator")
    caplog.set_level(logging.INFO, logger="kafka.coordinator.heartbeat")
    group = new_name("g")
    members = [PollingMember(bootstrap, group, topic6) for _ in range(3)]
    try:
        owned = wait_until(lambda: split_of(members), 60, "3 members to own 2 partitions each")
        assert [len(o) for o in owned] == [2, 2, 2]

        records = [{"value": f"first-{i}".encode(), "partition": i % PARTITIONS} for i in range(60)]
        produce_all(bootstrap, topic6, records)
        wait_until(lambda: sum(len(m.received()) for m in members) >= 60, 60, "60 records in the group")
        for member, owned_then in zip(members, owned):
            assert {r.partition for r in member.received()} <= owned_then, "a member read a partition it does not own"
        everything = [(r.partition, r.offset) for member in members for r in member.received()]
        assert len(everything) == len(set(everything)) == 60, "every record exactly once"

        survivors = members[:2]
        for member in survivors:
            member.forget_received()
        members.pop().stop()
        owned = wait_until(lambda: split_of(survivors), 60, "the 2 remaining members to own all 6 partitions")
        assert sorted(len(o) for o in owned) == [3, 3]

        more = [{"value": f"second-{i}".encode(), "partition": i % PARTITIONS} for i in range(12)]
        produce_all(bootstrap, topic6, more)
        wait_until(lambda: sum(len(m.received()) for m in survivors) >= 12, 60, "12 more records after the rebalance")
        after = sorted(r.value for member in survivors for r in member.received())
        assert after == sorted(x["value"] for x in more), "after the rebalance: only the new records, once"
    finally:
        for member in members:
            member.stop(check=False)


def test_committed_offsets_survive_broker_restart(cluster, bootstrap: str, topic6: str, new_name):
    group = new_name("g")
    produce_all(bootstrap, topic6, [{"value": f"v{i}".encode(), "partition": i % PARTITIONS} for i in range(60)])

    first = group_consumer(bootstrap, group, topic6, enable_auto_commit=False)
    try:
        first_read = read(first, 30, timeout=60)
        first.commit()
    finally:
        first.close(autocommit=False)

    cluster.restart(0, signal="TERM")

    second = group_consumer(bootstrap, group, topic6, enable_auto_commit=False)
    try:
        second_read = read(second, 30, timeout=60)
        first_ids = {(r.partition, r.offset) for r in first_read}
        second_ids = {(r.partition, r.offset) for r in second_read}
        assert not first_ids & second_ids, "the restarted consumer re-read committed records"
        assert len(first_ids | second_ids) == 60
        second.commit()
        assert [second.committed(TopicPartition(topic6, p)) for p in range(PARTITIONS)] == [10] * PARTITIONS
    finally:
        second.close(autocommit=False)


def test_list_and_describe_groups(admin: KafkaAdminClient, bootstrap: str, topic6: str, new_name):
    group = new_name("g")
    consumer = group_consumer(bootstrap, group, topic6)
    try:
        wait_until(lambda: consumer.poll(timeout_ms=50) is not None and len(consumer.assignment()) == PARTITIONS,
                   60, "the single member to own all partitions", interval=0)
        listed = wait_until(lambda: [g for g in admin.list_groups() if g["group_id"] == group], 30,
                            f"{group} in list_groups")
        assert listed[0]["protocol_type"] == "consumer"

        description = admin.describe_groups([group])[group]
        assert description["error"] is None
        assert description["group_state"] == "Stable"
        assert description["protocol_type"] == "consumer"
        [member] = description["members"]
        [assigned] = member["member_assignment"]["assigned_partitions"]
        assert assigned["topic"] == topic6
        assert sorted(assigned["partitions"]) == list(range(PARTITIONS))
    finally:
        consumer.close()
