"""Fixtures: one lab cluster (ZooKeeper + 1 broker) for the whole session, fresh topic names per test."""

from __future__ import annotations

import itertools
import re
import shutil
import uuid
from pathlib import Path

import pytest

from support import LabCluster, kafkalab_binary

# Extra broker properties: rebalances must not wait the default 3 s, and clients may use short sessions.
BROKER_PROPERTIES = {
    "group.initial.rebalance.delay.ms": "0",
    "group.min.session.timeout.ms": "1000",
    "num.partitions": "1",
}


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> LabCluster:
    binary = kafkalab_binary()
    if not binary.is_file():
        pytest.exit(f"kafkalab binary not found at {binary}: build it or set KAFKALAB_BIN", returncode=2)
    directory = tmp_path_factory.mktemp("lab")
    lab = LabCluster(binary=binary, name="compat", directory=directory)
    properties = [arg for key, value in BROKER_PROPERTIES.items() for arg in ("--property", f"{key}={value}")]
    try:
        lab.run("up", "--brokers", "1", "--base-port", "0", "--zookeeper-port", "0", "--timeout", "60",
                *properties)
        yield lab
    finally:
        # Keep the broker log for post-mortems: --clean deletes the cluster directory.
        log = lab.broker_log(0)
        if log.is_file():
            shutil.copy(log, directory / "broker-0.log")
        try:
            lab.run("down", "--clean")
        except Exception as error:  # noqa: BLE001 - teardown must not mask the test outcome
            print(f"cluster down failed: {error}")


@pytest.fixture
def bootstrap(cluster: LabCluster) -> str:
    return cluster.bootstrap


_counter = itertools.count()


@pytest.fixture
def new_name(request: pytest.FixtureRequest):
    """Returns a function that makes a fresh, unique topic (or group) name for this test."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", request.node.name)[:60].strip("-")

    def make(kind: str = "t") -> str:
        return f"{kind}-{stem}-{next(_counter)}-{uuid.uuid4().hex[:6]}"

    return make


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Attaches the broker log lines written during a failed test to its report."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    lab = item.funcargs.get("cluster") if hasattr(item, "funcargs") else None
    start = getattr(item, "_broker_log_start", None)
    if lab is None or start is None:
        return
    log: Path = lab.broker_log(0)
    if log.is_file():
        with log.open("rb") as handle:
            handle.seek(start)
            lines = handle.read().decode("utf-8", "replace").splitlines()
        # Leadership chatter drowns the interesting lines (errors, warnings, group and request traces).
        lines = [line for line in lines if "became leader" not in line][-60:]
        report.sections.append(("broker-0.log during this test (last 60 lines)", "\n".join(lines)))


@pytest.fixture(autouse=True)
def _remember_broker_log_position(request: pytest.FixtureRequest):
    """Notes where broker-0.log ends when a test starts, for the failure report above."""
    if "cluster" in request.fixturenames:
        lab: LabCluster = request.getfixturevalue("cluster")
        log = lab.broker_log(0)
        request.node._broker_log_start = log.stat().st_size if log.is_file() else 0
    yield


def pytest_terminal_summary(terminalreporter) -> None:
    """Prints the durability runs' summary lines even when the run passed (pytest -q hides test output)."""
    from durability import SUMMARY_LINES

    if SUMMARY_LINES:
        terminalreporter.section("durability")
        for line in SUMMARY_LINES:
            terminalreporter.write_line(line)
