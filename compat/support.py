"""Helpers shared by the compatibility tests: condition polling and the lab cluster handle."""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

REPO_ROOT = Path(__file__).resolve().parent.parent


def kafkalab_binary() -> Path:
    """KAFKALAB_BIN (relative paths are relative to the repo root), else the default debug build."""
    configured = Path(os.environ.get("KAFKALAB_BIN", ".build/debug/kafkalab"))
    return configured if configured.is_absolute() else REPO_ROOT / configured


def wait_until(condition: Callable[[], T], timeout: float, what: str, interval: float = 0.1) -> T:
    """Polls `condition` until it returns something truthy; fails with `what` after `timeout` seconds.
    Exceptions raised by the condition count as "not yet" (the last one is reported)."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        try:
            result = condition()
            if result:
                return result
        except Exception as error:  # noqa: BLE001 - "not yet", reported on timeout
            last_error = error
        if time.monotonic() >= deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}{detail}")
        time.sleep(interval)


@dataclass
class LabCluster:
    """A `kafkalab cluster` started by the test session; every call shells out to the CLI."""

    binary: Path
    name: str
    directory: Path

    def run(self, *args: str, timeout: float = 90) -> str:
        command = [str(self.binary), "cluster", *args, "--name", self.name, "--dir", str(self.directory)]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if completed.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} exited {completed.returncode}\n"
                f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}"
            )
        return completed.stdout

    @property
    def state(self) -> dict:
        return json.loads((self.directory / self.name / "cluster.json").read_text())

    @property
    def bootstrap(self) -> str:
        return self.state["bootstrap"]

    def broker_log(self, broker_id: int = 0) -> Path:
        return self.directory / self.name / f"broker-{broker_id}" / "broker.log"

    def kill(self, broker_id: int, signal: str = "KILL") -> None:
        self.run("kill", str(broker_id), "--signal", signal)

    def start(self, broker_id: int) -> None:
        self.run("start", str(broker_id))

    def status(self) -> dict:
        return json.loads(self.run("status", "--json"))

    def broker_state(self, broker_id: int) -> str:
        for broker in self.status()["brokers"]:
            if broker["id"] == broker_id:
                return broker["state"]
        raise LookupError(f"no broker {broker_id} in cluster status")

    def restart(self, broker_id: int, signal: str = "TERM", timeout: float = 60) -> None:
        """Stops the broker with `signal`, waits until its process is gone, starts it again (which waits until
        it is registered and listening)."""
        self.kill(broker_id, signal)
        wait_until(lambda: self.broker_state(broker_id) in ("stopped", "dead"), timeout,
                   f"broker {broker_id} to exit after SIG{signal}", interval=0.2)
        self.start(broker_id)


def create_topic_confluent(bootstrap: str, topic: str, partitions: int, config: dict | None = None) -> None:
    """Creates `topic` with confluent-kafka's AdminClient and waits until metadata shows every partition led."""
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1,
                                            config=config or {})], operation_timeout=30)
    futures[topic].result(timeout=30)
    wait_for_leaders_confluent(admin, topic, partitions)


def wait_for_leaders_confluent(admin, topic: str, partitions: int, timeout: float = 30):
    """Waits until metadata lists `partitions` partitions of `topic`, each with a leader; returns that metadata."""

    def ready():
        metadata = admin.list_topics(topic=topic, timeout=5).topics.get(topic)
        if metadata is None or metadata.error is not None or len(metadata.partitions) != partitions:
            return None
        if any(p.leader < 0 or p.error is not None for p in metadata.partitions.values()):
            return None
        return metadata

    return wait_until(ready, timeout, f"{topic} to have {partitions} partitions with leaders")
