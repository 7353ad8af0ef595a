#!/usr/bin/env bash
# The main job on the embedded default, from a bare machine: set-up (idempotent), a release build, then
# `kafkalab` with the given arguments — by default `kafkalab demo`: a source and a destination cluster, a mirror
# between them, the tester checking end to end while faults are injected, a verdict and an HTML report
# (about two minutes; files under .lab/demo-<date-time>/).
# Usage: scripts/lab.sh [kafkalab arguments...]
#   scripts/lab.sh                                  the demo
#   scripts/lab.sh demo --duration 45s              a shorter demo
#   scripts/lab.sh cluster up --brokers 1           a local one-broker cluster with ZooKeeper, ready for kcat
#   scripts/lab.sh cluster status
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh release
BIN="$PWD/.build/release/kafkalab"
if (($# == 0)); then
    set -- demo
fi
exec "$BIN" "$@"
