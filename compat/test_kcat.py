"""kcat (Debian's, librdkafka 2.0.2) against a KafkaLab broker: -L, -P, -C with every offset form, -G."""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from support import create_topic_confluent, wait_until

pytestmark = pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat is not installed")

PARTITIONS = 6


def kcat(bootstrap: str, *args: str, stdin: str | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
    command = ["kcat", "-b", bootstrap, *args]
    completed = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=timeout)
    assert completed.returncode == 0, (f"{' '.join(command)} exited {completed.returncode}\n"
                                       f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}")
    return completed


def consume_json(bootstrap: str, topic: str, *args: str) -> list[dict]:
    """`kcat -C -J ... -e`: every message as kcat's JSON envelope."""
    output = kcat(bootstrap, "-C", "-t", topic, "-J", "-e", "-q", *args).stdout
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def topic6(bootstrap: str, new_name) -> str:
    topic = new_name()
    create_topic_confluent(bootstrap, topic, PARTITIONS)
    return topic


def test_metadata_lists_broker_topic_partitions_and_leaders(bootstrap: str, topic6: str):
    metadata = json.loads(kcat(bootstrap, "-L", "-J").stdout)
    assert [b["id"] for b in metadata["brokers"]] == [0]
    assert metadata["brokers"][0]["name"] == bootstrap
    assert metadata["controllerid"] == 0
    [topic] = [t for t in metadata["topics"] if t["topic"] == topic6]
    assert sorted(p["partition"] for p in topic["partitions"]) == list(range(PARTITIONS))
    for partition in topic["partitions"]:
        assert partition["leader"] == 0
        assert [r["id"] for r in partition["replicas"]] == [0]
        assert [r["id"] for r in partition["isrs"]] == [0]

    plain = kcat(bootstrap, "-L", "-t", topic6).stdout
    assert f'topic "{topic6}" with {PARTITIONS} partitions' in plain


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_produce_keys_and_headers_with_compression_then_consume_from_beginning(bootstrap: str, topic6: str,
                                                                                codec: str):
    lines = [f"key-{i}:value-{i}-{'y' * 100}" for i in range(40)]
    kcat(bootstrap, "-P", "-t", topic6, "-p", "4", "-K", ":", "-H", "origin=kcat", "-H", "codec=" + codec,
         "-X", f"compression.codec={codec}", "-X", "linger.ms=50", stdin="\n".join(lines) + "\n")
    messages = consume_json(bootstrap, topic6, "-p", "4", "-o", "beginning")
    assert [m["offset"] for m in messages] == list(range(40))
    assert [(m["key"], m["payload"]) for m in messages] == [tuple(line.split(":", 1)) for line in lines]
    assert all(m["headers"] == ["origin", "kcat", "codec", codec] for m in messages)
    now = time.time() * 1000
    assert all(m["tstype"] == "create" and abs(m["ts"] - now) < 120_000 for m in messages)


@pytest.fixture
def ten_timed_records(bootstrap: str, topic6: str) -> tuple[str, int]:
    """Ten records on partition 3 (produced with explicit timestamps, which kcat -P cannot set):
    offset i has value r<i> and timestamp base + 1000 i."""
    base = int(time.time() * 1000) - 3_600_000
    producer = Producer({"bootstrap.servers": bootstrap})
    for i in range(10):
        producer.produce(topic6, value=f"r{i}".encode(), partition=3, timestamp=base + 1000 * i)
    assert producer.flush(30) == 0
    return topic6, base


def test_consume_from_a_given_offset(bootstrap: str, ten_timed_records):
    topic, _ = ten_timed_records
    messages = consume_json(bootstrap, topic, "-p", "3", "-o", "7")
    assert [(m["offset"], m["payload"]) for m in messages] == [(7, "r7"), (8, "r8"), (9, "r9")]


def test_consume_from_a_timestamp(bootstrap: str, ten_timed_records):
    topic, base = ten_timed_records
    messages = consume_json(bootstrap, topic, "-p", "3", "-o", f"s@{base + 6500}")
    assert [(m["offset"], m["payload"], m["ts"]) for m in messages] == [
        (i, f"r{i}", base + 1000 * i) for i in range(7, 10)]


def test_consume_from_end_returns_nothing_old_and_then_new_records(bootstrap: str, ten_timed_records):
    topic, _ = ten_timed_records
    assert consume_json(bootstrap, topic, "-p", "3", "-o", "end") == []

    follower = subprocess.Popen(["kcat", "-b", bootstrap, "-C", "-t", topic, "-p", "3", "-o", "end", "-c", "1",
                                 "-J", "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # kcat resolves "end" asynchronously, so keep producing markers until it has printed one and exited.
        def follower_done():
            kcat(bootstrap, "-P", "-t", topic, "-p", "3", stdin="marker\n")
            try:
                follower.wait(timeout=0.3)
            except subprocess.TimeoutExpired:
                return False
            return True

        wait_until(follower_done, 30, "kcat -o end to receive a newly produced record", interval=0)
        stdout, stderr = follower.communicate(timeout=10)
        assert follower.returncode == 0, stderr
        [message] = [json.loads(line) for line in stdout.splitlines() if line.strip()]
        assert message["payload"] == "marker"
        assert message["offset"] >= 10
    finally:
        if follower.poll() is None:
            follower.kill()
            follower.wait()


def test_balanced_consumer_group_reads_everything_and_commits(bootstrap: str, topic6: str, new_name):
    group = new_name("g")
    lines = [f"k{i}:v{i}" for i in range(60)]
    kcat(bootstrap, "-P", "-t", topic6, "-K", ":", stdin="\n".join(lines) + "\n")  # keyed: spread by hash

    output = kcat(bootstrap, "-G", group, "-J", "-q", "-c", "60", "-X", "auto.offset.reset=earliest",
                  topic6, timeout=90).stdout
    messages = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert sorted(m["payload"] for m in messages) == sorted(f"v{i}" for i in range(60))
    assert len({(m["partition"], m["offset"]) for m in messages}) == 60

    ends = {}
    probe = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        for partition in range(PARTITIONS):
            ends[partition] = probe.get_watermark_offsets(TopicPartition(topic6, partition), timeout=10)[1]
        committed = probe.committed([TopicPartition(topic6, p) for p in range(PARTITIONS)], timeout=10)
    finally:
        probe.close()
    assert sum(ends.values()) == 60
    assert {tp.partition: tp.offset for tp in committed if ends[tp.partition] > 0} == \
        {p: end for p, end in ends.items() if end > 0}, "kcat -G commits what it consumed when it exits"
