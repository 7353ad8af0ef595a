#!/usr/bin/env bash
# The main job on the embedded default, from a bare machine: set-up (idempotent), a release build, then
# `kafkalab` with the given arguments — by default a local one-broker cluster with ZooKeeper, ready for kcat.
# Usage: scripts/lab.sh [kafkalab arguments...]     e.g. scripts/lab.sh cluster status
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh release
BIN="$PWD/.build/release/kafkalab"
if (($# == 0)); then
    set -- cluster up --brokers 1
fi
exec "$BIN" "$@"
