"""Issue #4 with a fixed client: exactly-once, in order, across SIGSTOP and kill -9.

The Swift tester (`kafkalab durability`) uses Debian's librdkafka 2.0.2, whose idempotent producer fails fatally or
bumps its epoch and resends after a request to a paused leader times out (confluentinc/librdkafka#4438, fixed in
2.3.0), so it cannot show exactly-once across SIGSTOP. confluent-kafka's wheel bundles a fixed librdkafka; here it
must lose nothing acknowledged, duplicate nothing and reorder nothing while brokers of a 3-broker cluster of this
test's own are paused or killed 20 times, and the replicas must be identical up to the high watermark.

Knobs (environment): KAFKALAB_DURABILITY_FAULTS (20), KAFKALAB_DURABILITY_RATE (records/s per producer, 1000),
KAFKALAB_DURABILITY_SEED (replays the victims and pause lengths; each run prints its seed),
KAFKALAB_DURABILITY_CLIENT_DEBUG (librdkafka debug contexts, "broker,eos"; add "msg" to see each failed batch)."""

from __future__ import annotations

import os
import random
import shutil
import time
from collections import Counter

import pytest

from durability import SUMMARY_LINES, FaultLoop, StampedProducer, check, read_topic, summarise, verify_replicas
from support import LabCluster, kafkalab_binary, wait_until

BROKERS = 3
PARTITIONS = 3
PRODUCERS = 2
SESSION_TIMEOUT_MS = 3000
BROKER_PROPERTIES = {
    # A follower that stops fetching leaves the ISR after 3 s, as a paused broker's session expires after 3 s.
    "replica.lag.time.max.ms": "3000",
    # Preferred leaders come back quickly, so the next victim usually leads something.
    "leader.imbalance.check.interval.seconds": "1",
    "unclean.leader.election.enable": "false",
    "auto.create.topics.enable": "false",
}

TOPIC_CONFIG = {
    "min.insync.replicas": "2",
    # After kill -9 a broker re-validates every batch from its recovery point, which moves at each segment roll.
    # With the default 1 GiB segments that is the whole log: a debug build re-read 74,000 records (about 8 MB) of
    # one partition in 11-12 s, and `cluster start` gave up after 30 s. 1 MiB segments keep restarts short.
    "segment.bytes": str(1024 * 1024),
}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@pytest.fixture
def fault_lab(tmp_path, request: pytest.FixtureRequest):
    """A 3-broker cluster of this test's own (its own name, directory, ZooKeeper and free ports), always taken
    down. A failed run keeps its files (data, broker logs) in the pytest tmp dir for a post-mortem."""
    binary = kafkalab_binary()
    if not binary.is_file():
        pytest.fail(f"kafkalab binary not found at {binary}: build it or set KAFKALAB_BIN")
    lab = LabCluster(binary=binary, name=f"durability-{request.node.callspec.id}", directory=tmp_path)
    properties = [arg for key, value in BROKER_PROPERTIES.items() for arg in ("--property", f"{key}={value}")]
    try:
        lab.run("up", "--brokers", str(BROKERS), "--base-port", "0", "--zookeeper-port", "0",
                "--session-timeout-ms", str(SESSION_TIMEOUT_MS), "--timeout", "60", *properties)
        yield lab
    finally:
        passed = getattr(request.node, "_durability_passed", False)
        for broker in range(BROKERS):
            log = lab.broker_log(broker)
            if log.is_file():
                shutil.copy(log, tmp_path / f"broker-{broker}.log")
        try:
            lab.run("down", *(["--clean"] if passed else []))
        except Exception as error:  # noqa: BLE001 - teardown must not mask the test outcome
            print(f"cluster down failed: {error}")
        if not passed:
            print(f"cluster files kept for a post-mortem: {tmp_path}")


def create_topic(bootstrap: str, topic: str) -> None:
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(topic, num_partitions=PARTITIONS, replication_factor=BROKERS,
                                            config=TOPIC_CONFIG)], operation_timeout=30)
    futures[topic].result(timeout=30)

    def fully_replicated() -> bool:
        metadata = admin.list_topics(topic=topic, timeout=5).topics.get(topic)
        if metadata is None or metadata.error is not None or len(metadata.partitions) != PARTITIONS:
            return False
        return all(p.leader >= 0 and len(p.isrs) == BROKERS for p in metadata.partitions.values())

    wait_until(fully_replicated, 60, f"{topic}: {PARTITIONS} partitions with a leader and a full ISR")


@pytest.mark.durability
@pytest.mark.parametrize("signal", ["STOP", "KILL"], ids=["sigstop", "kill9"])
def test_durability_exactly_once_across_faults(fault_lab: LabCluster, signal: str, request: pytest.FixtureRequest):
    faults = env_int("KAFKALAB_DURABILITY_FAULTS", 20)
    rate = env_int("KAFKALAB_DURABILITY_RATE", 1000)
    seed = env_int("KAFKALAB_DURABILITY_SEED", random.randrange(2**32))
    print(f"durability {signal}: seed {seed}, {faults} faults, {PRODUCERS} producers x {rate} records/s")
    began = time.monotonic()
    topic = "durability"
    bootstrap = fault_lab.bootstrap
    create_topic(bootstrap, topic)

    producers = [StampedProducer(index=i, bootstrap=bootstrap, topic=topic, partitions=PARTITIONS, rate=rate)
                 for i in range(PRODUCERS)]
    for producer in producers:
        producer.start()
    wait_until(lambda: all(p.acknowledged for p in producers), 30, "a first acknowledgement for every producer")

    loop = FaultLoop(lab=fault_lab, brokers=BROKERS, signal=signal, faults=faults, budget=10.0 * faults,
                     session_timeout=SESSION_TIMEOUT_MS / 1000, rng=random.Random(seed))
    try:
        loop.run()
        last_fault_done = time.monotonic()
        # Each producer must still be working after the last fault, not have given up early.
        wait_until(lambda: all(p.last_ack_at > last_fault_done or p.fatal for p in producers), 30,
                   "an acknowledgement after the last fault from every producer")
    finally:
        outstanding = [p.stop_and_flush() for p in producers]
        print("\n".join(loop.lines))
        # Sequence errors and epoch bumps, with their time, to match against the kept broker logs (printed here so
        # that a run stopped by the fault loop shows them too).
        for producer in producers:
            for line in producer.log.notable:
                print(f"  producer {producer.index}: {line}")
    assert outstanding == [0] * PRODUCERS, f"delivery reports still outstanding after flush: {outstanding}"

    read = read_topic(bootstrap, topic, PARTITIONS)
    verdict = check(producers, read)
    read_done = time.monotonic()

    sent = sum(p.sent for p in producers)
    in_log = sum(len(rows) for rows in read.records.values())
    failures = Counter(reason for p in producers for reason in p.failed.values())
    client_errors = Counter(error for p in producers for error in p.errors)
    fatal = [f"producer {p.index}: {p.fatal}" for p in producers if p.fatal]
    if verdict.failed:
        print(f"client reported failed (not acknowledged): {verdict.failed} records "
              f"({verdict.failed_but_written} of them in the log anyway): {summarise(failures)}")
    client_log = Counter()
    for producer in producers:
        client_log.update(producer.log.counts)
    print(f"client log lines by facility: {dict(client_log.most_common())}")
    for facility in ("REQTMOUT", "REQERR", "IDEMPSTATE", "ERRSEQ"):
        sample = next((p.log.samples[facility] for p in producers if facility in p.log.samples), None)
        if sample:
            print(f"  e.g. {sample}")
    if client_errors:
        print(f"client errors (error_cb): {summarise(client_errors)}")
    for line in verdict.lost[:10] + verdict.duplicates[:10] + verdict.out_of_order[:10]:
        print(f"  {line}")
    head = (f"durability {signal}: faults {len(loop.lines)}, sent {sent}, acknowledged {verdict.acknowledged}, "
            f"in log {in_log}, lost {len(verdict.lost)}, duplicates {len(verdict.duplicates)}, "
            f"out of order {len(verdict.out_of_order)}, failed deliveries {verdict.failed}, "
            f"fatal {len(fatal)}, client REQTMOUT lines {client_log['REQTMOUT']}, "
            f"epoch bumps {client_log['epoch bump']}, seed {seed}")
    # The summary is recorded before the replica check, so a failing or hanging check still shows the counts.
    print(f"{head}; read back after {read_done - began:.0f}s, checking replicas", flush=True)
    SUMMARY_LINES.append(f"{head}, replicas not checked")
    replicas_verdict = "replicas NOT verified"
    try:
        replicas = verify_replicas(fault_lab.binary, bootstrap, topic)
        print(replicas.strip())
        replicas_verdict = "replicas identical"
    finally:
        SUMMARY_LINES[-1] = f"{head}, {replicas_verdict}, time {time.monotonic() - began:.0f}s"
        print(SUMMARY_LINES[-1])

    assert len(loop.lines) == faults
    assert not fatal, f"a producer failed fatally: {fatal}"
    assert verdict.foreign == 0, f"{verdict.foreign} records in the topic not written by this test"
    assert not verdict.lost, f"{len(verdict.lost)} acknowledged records lost, first: {verdict.lost[:5]}"
    assert not verdict.duplicates, f"{len(verdict.duplicates)} duplicates, first: {verdict.duplicates[:5]}"
    assert not verdict.out_of_order, f"{len(verdict.out_of_order)} out of order: {verdict.out_of_order[:5]}"
    assert in_log == sum(read.high_watermarks.values()), "records read differ from the high watermarks"
    request.node._durability_passed = True
