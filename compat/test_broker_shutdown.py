"""A clean shutdown (SIGTERM) while clients keep connecting: real clients reconnect within milliseconds, so a
broker that is shutting down must cope with connections it accepts but no longer serves."""

from __future__ import annotations

import socket
import threading

import pytest

from support import LabCluster

CRASH_MARKERS = ("Fatal error", "Program crashed")


def keep_connecting(bootstrap: str, stop: threading.Event) -> None:
    host, port = bootstrap.split(",")[0].rsplit(":", 1)
    while not stop.is_set():
        try:
            with socket.create_connection((host, int(port)), timeout=0.5):
                pass
        except OSError:
            stop.wait(0.01)  # refused while the broker is down: try again shortly


def test_sigterm_with_connecting_clients_is_a_clean_shutdown(cluster: LabCluster):
    log = cluster.broker_log(0)
    start = log.stat().st_size
    stop = threading.Event()
    connector = threading.Thread(target=keep_connecting, args=(cluster.bootstrap, stop), daemon=True)
    connector.start()
    try:
        cluster.restart(0, signal="TERM")
    finally:
        stop.set()
        connector.join(timeout=5)
    with log.open("rb") as handle:
        handle.seek(start)
        written = handle.read().decode("utf-8", "replace")
    crash_lines = [line for line in written.splitlines() if any(marker in line for marker in CRASH_MARKERS)]
    assert crash_lines == [], f"the broker crashed instead of shutting down: {crash_lines}"
    assert "replacing a stale registration" not in written, "a clean shutdown removes the broker's registration"
