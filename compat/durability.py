"""Pieces of the compat durability test (issue #4 with a fixed librdkafka): stamped idempotent producers, the fault
loop, reading the topic back and the exactly-once check. Kept apart from the test so each piece reads on its own."""

from __future__ import annotations

import logging
import os
import random
import subprocess
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from support import LabCluster, wait_until

# Values are "<producer>:<partition>:<sequence>|" padded to this size, so a checker can count per producer and
# partition, and the broker sees batches of a realistic size.
VALUE_SIZE = 100

# Summary lines of the runs in this session, printed at the end by conftest.py's pytest_terminal_summary.
SUMMARY_LINES: list[str] = []


def encode_value(producer: int, partition: int, sequence: int) -> bytes:
    stamp = f"{producer}:{partition}:{sequence}|".encode()
    return stamp.ljust(VALUE_SIZE, b".")


def decode_value(value: bytes) -> tuple[int, int, int] | None:
    """(producer, partition, sequence), or None for a value this test did not write (it fails the check)."""
    try:
        producer, partition, sequence = value.split(b"|", 1)[0].decode().split(":")
        return int(producer), int(partition), int(sequence)
    except (ValueError, UnicodeDecodeError):
        return None


class FacilityCounter(logging.Handler):
    """Counts librdkafka's log lines by facility (REQTMOUT, FAIL, ...): shows the run hit the paths it is meant to
    (requests to a paused leader timing out) even when it passes."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.counts: Counter = Counter()
        self.samples: dict[str, str] = {}
        # Lines about sequence errors and epoch bumps, whole and with their time, to match against broker logs.
        self.notable: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # confluent-kafka logs ("%s [%s] %s", facility, client name, message).
        facility = str(record.args[0]) if isinstance(record.args, tuple) and record.args else "?"
        message = record.getMessage()
        self.counts[facility] += 1
        if "-> DrainBump" in message:
            self.counts["epoch bump"] += 1
        lowered = message.lower()
        failed_batch = facility == "MSGSET" and "encountered error" in lowered
        if facility == "ERRSEQ" or failed_batch or "bump" in lowered or "sequence" in lowered:
            if len(self.notable) < 60:
                stamp = time.strftime("%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}"
                self.notable.append(f"{stamp} {message}")
        # An ERRSEQ line names the earlier failed request that caused the gap: keep it whole.
        self.samples.setdefault(facility, message if facility == "ERRSEQ" else message[:200])


@dataclass
class StampedProducer:
    """One confluent-kafka producer (enable.idempotence, acks=all) sending at `rate` records/s, round-robin over the
    partitions, in a thread of its own. The delivery callback records which (partition, sequence) were acknowledged
    and which the client reported as failed."""

    index: int
    bootstrap: str
    topic: str
    partitions: int
    rate: float
    acknowledged: set[tuple[int, int]] = field(default_factory=set)
    failed: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    fatal: str | None = None
    sent: int = 0
    last_ack_at: float = 0.0
    log: FacilityCounter = field(default_factory=FacilityCounter)

    def __post_init__(self) -> None:
        from confluent_kafka import Producer

        logger = logging.getLogger(f"durability.producer-{self.index}.{id(self)}")
        logger.propagate = False
        logger.setLevel(logging.DEBUG)
        logger.addHandler(self.log)

        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"producer-{self.index}", daemon=True)
        self._producer = Producer({
            "bootstrap.servers": self.bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            # Nothing may time out across a failover: what was acknowledged is what counts.
            "message.timeout.ms": 120000,
            # Short requests, as in the Swift tester: a request to a paused leader times out locally and is
            # retried, the path where librdkafka < 2.3 (#4438) failed fatally or bumped its epoch. A Produce
            # request's local timeout is socket.timeout.ms (60 s by default), not request.timeout.ms.
            "request.timeout.ms": 3000,
            "socket.timeout.ms": 3000,
            "retry.backoff.ms": 100,
            "linger.ms": 5,
            "reconnect.backoff.ms": 50,
            "reconnect.backoff.max.ms": 500,
            "topic.metadata.refresh.interval.ms": 1000,
            "error_cb": self._on_error,
            "logger": logger,
            # broker: request timeouts (REQTMOUT) and disconnects; eos: the idempotence state machine (an epoch
            # bump passes through DrainBump). Both are quiet unless something happens. A post-mortem can add
            # "msg" (KAFKALAB_DURABILITY_CLIENT_DEBUG=broker,eos,msg): each failed batch's error and base sequence.
            "debug": os.environ.get("KAFKALAB_DURABILITY_CLIENT_DEBUG", "broker,eos"),
        })

    def _on_error(self, error) -> None:
        with self._lock:
            self.errors.append(str(error))
            if error.fatal():
                self.fatal = str(error)

    def _on_delivery(self, error, message) -> None:
        stamp = decode_value(message.value())
        if stamp is None:
            return
        key = (stamp[1], stamp[2])
        with self._lock:
            if error is None:
                self.acknowledged.add(key)
                self.last_ack_at = time.monotonic()
            else:
                self.failed[key] = str(error)

    def _run(self) -> None:
        from confluent_kafka import KafkaException

        sequences = [0] * self.partitions
        started = time.monotonic()
        while not self._stop.is_set() and self.fatal is None:
            due = int((time.monotonic() - started) * self.rate)
            while self.sent < due and not self._stop.is_set():
                partition = self.sent % self.partitions
                value = encode_value(self.index, partition, sequences[partition])
                try:
                    self._producer.produce(self.topic, value=value, partition=partition,
                                           on_delivery=self._on_delivery)
                except BufferError:
                    self._producer.poll(0.05)  # the local queue is full (a long stall): let deliveries drain
                    continue
                except KafkaException as error:  # fatal: the producer cannot send any more
                    with self._lock:
                        self.fatal = self.fatal or str(error)
                    return
                sequences[partition] += 1
                self.sent += 1
            self._producer.poll(0.005)

    def start(self) -> None:
        self._thread.start()

    def stop_and_flush(self, timeout: float = 150) -> int:
        """Stops sending, waits for every outstanding delivery report; returns how many are still outstanding."""
        self._stop.set()
        self._thread.join(timeout=10)
        outstanding = self._producer.flush(timeout)
        # Closed here, not left to the garbage collector (the callbacks make a cycle): a live producer would keep
        # reconnecting to the brokers while the cluster is taken down.
        self._producer.close()
        return outstanding


@dataclass
class FaultLoop:
    """`faults` faults on random brokers, one after another; after each, waits until the cluster is whole again."""

    lab: LabCluster
    brokers: int
    signal: str  # "STOP" or "KILL"
    faults: int
    session_timeout: float
    rng: random.Random
    # The whole loop's budget: the test must stay bounded on a loaded machine; running out of it fails the test.
    budget: float = 200
    lines: list[str] = field(default_factory=list)

    def _remaining(self, cap: float) -> float:
        return max(1.0, min(cap, self._deadline - time.monotonic()))

    def run(self) -> None:
        self._deadline = time.monotonic() + self.budget
        for number in range(1, self.faults + 1):
            victim = self.rng.randrange(self.brokers)
            began = time.monotonic()
            if self.signal == "STOP":
                # 0.5-1.5 session timeouts: some pauses outlive the session (the broker comes back to an expired
                # session and lost leaderships), some do not (it comes back still leading).
                pause = self.rng.uniform(0.5, 1.5) * self.session_timeout
                self.lab.kill(victim, "STOP")
                time.sleep(pause)  # the fault itself, not synchronisation
                self.lab.start(victim)  # SIGCONT
                what = f"SIGSTOP {pause:.1f}s"
            else:
                self.lab.kill(victim, "KILL")
                # Restart only once the controller saw it go (its session expired), as an operator would after a
                # crash; a restart under the old registration would test something else.
                wait_until(lambda: not self._registered(victim), self._remaining(30),
                           f"broker {victim} to leave the registrations after kill -9", interval=0.1)
                self.lab.start(victim)
                what = f"kill -9, down {time.monotonic() - began:.1f}s"
            self.wait_healthy(f"fault {number}", timeout=self._remaining(60))
            self.lines.append(f"fault {number:2d}: broker {victim} {what}; "
                              f"whole again after {time.monotonic() - began:.1f}s")

    def _registered(self, broker_id: int) -> bool:
        return any(b["id"] == broker_id and b["registered"] for b in self.lab.status()["brokers"])

    def wait_healthy(self, what: str, timeout: float = 60) -> None:
        """Every broker running and registered, no partition offline or under-replicated (full ISR)."""

        def healthy() -> bool:
            status = self.lab.status()
            brokers_ok = all(b["state"] == "running" and b["registered"] for b in status["brokers"])
            partitions = status["partitions"]
            return brokers_ok and not partitions["offline"] and not partitions["underReplicated"]

        wait_until(healthy, timeout, f"a healthy cluster (full ISR) after {what}", interval=0.2)


@dataclass
class ReadBack:
    """Every record of the topic, per partition in offset order: (offset, stamp)."""

    records: dict[int, list[tuple[int, tuple[int, int, int] | None]]]
    high_watermarks: dict[int, int]


def read_topic(bootstrap: str, topic: str, partitions: int, timeout: float = 90) -> ReadBack:
    """Reads each partition from the beginning up to the high watermark it had when reading started."""
    from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": f"durability-check-{topic}",
        "enable.auto.commit": False,
        "enable.partition.eof": True,
    })
    try:
        # Just after the last fault a leadership can still be moving (a restarted broker winning back its preferred
        # leadership): the old leader's NOT_LEADER_FOR_PARTITION is retriable, as for any client. A 1-tuple, since a
        # high watermark of 0 is a valid answer.
        high = {p: wait_until(lambda p=p: (consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1],),
                              30, f"the high watermark of {topic}-{p}", interval=0.2)[0]
                for p in range(partitions)}
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions)])
        records: dict[int, list] = defaultdict(list)
        positions = {p: 0 for p in range(partitions)}
        deadline = time.monotonic() + timeout
        while any(positions[p] < high[p] for p in range(partitions)):
            if time.monotonic() > deadline:
                raise AssertionError(f"read-back timed out: positions {positions}, high watermarks {high}")
            for message in consumer.consume(num_messages=2000, timeout=1):
                if message.error() is not None:
                    continue  # partition EOF (or a transient error): the loop condition decides
                partition = message.partition()
                if message.offset() >= high[partition]:
                    continue
                records[partition].append((message.offset(), decode_value(message.value())))
                positions[partition] = message.offset() + 1
        return ReadBack(records=dict(records), high_watermarks=high)
    finally:
        consumer.close()


@dataclass
class Verdict:
    acknowledged: int
    lost: list[tuple[int, int, int]]
    duplicates: list[str]
    out_of_order: list[str]
    foreign: int
    failed: int
    failed_but_written: int


def check(producers: list[StampedProducer], read: ReadBack) -> Verdict:
    """Every acknowledged record read exactly once, and each producer's records in per-partition sequence order."""
    seen: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)  # (producer, partition) -> (seq, offset)
    foreign = 0
    for partition, rows in read.records.items():
        for offset, stamp in rows:
            if stamp is None or stamp[1] != partition:
                foreign += 1
                continue
            seen[(stamp[0], partition)].append((stamp[2], offset))
    duplicates: list[str] = []
    out_of_order: list[str] = []
    present: set[tuple[int, int, int]] = set()
    for (producer, partition), rows in sorted(seen.items()):
        offsets_of: dict[int, list[int]] = defaultdict(list)
        for sequence, offset in rows:
            offsets_of[sequence].append(offset)
        for sequence, offsets in sorted(offsets_of.items()):
            if len(offsets) > 1:
                duplicates.append(f"producer {producer} partition {partition} seq {sequence} at offsets {offsets}")
        highest = -1
        for sequence, offset in rows:
            if sequence < highest and offsets_of[sequence][0] == offset:
                out_of_order.append(f"producer {producer} partition {partition} seq {sequence} at offset {offset} "
                                    f"after seq {highest}")
            highest = max(highest, sequence)
        present.update((producer, partition, sequence) for sequence in offsets_of)
    acknowledged = {(p.index, partition, sequence) for p in producers for partition, sequence in p.acknowledged}
    failed = {(p.index, partition, sequence) for p in producers for partition, sequence in p.failed}
    return Verdict(
        acknowledged=len(acknowledged),
        lost=sorted(acknowledged - present),
        duplicates=duplicates,
        out_of_order=out_of_order,
        foreign=foreign,
        failed=len(failed),
        failed_but_written=len(failed & present),
    )


def verify_replicas(binary: Path, bootstrap: str, topic: str, timeout: float = 20) -> str:
    """`kafkalab verify-replicas` until it exits 0 (a follower may still be fetching the last batch) or `timeout`;
    returns its output, raises with the last output if it never passed."""
    deadline = time.monotonic() + timeout
    while True:
        completed = subprocess.run([str(binary), "verify-replicas", "--bootstrap", bootstrap, "--topic", topic],
                                   # A debug build reads every replica of ~100 MB in tens of seconds.
                                   capture_output=True, text=True, timeout=150)
        if completed.returncode == 0:
            return completed.stdout
        if completed.returncode == 2 or time.monotonic() > deadline:
            raise AssertionError(f"verify-replicas exited {completed.returncode}:\n{completed.stdout}"
                                 f"{completed.stderr}")
        time.sleep(0.5)  # poll interval of a retried check


def summarise(counter: Counter) -> str:
    return ", ".join(f"{count} x {text}" for text, count in counter.most_common(5))
