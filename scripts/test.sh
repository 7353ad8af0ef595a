#!/usr/bin/env bash
# The whole test suite, from a bare machine: set-up (idempotent), the Swift tests (unit tests, then integration
# tests that start real ZooKeeper and broker processes on free loopback ports), then the third-party client
# compatibility suite (kcat, confluent-kafka, kafka-python) against a real broker.
# Usage: scripts/test.sh [--swift-only|--compat-only] [extra swift test args]
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_SWIFT=1
RUN_COMPAT=1
case "${1:-}" in
    --swift-only) RUN_COMPAT=0; shift ;;
    --compat-only) RUN_SWIFT=0; shift ;;
esac

scripts/setup.sh debug

status=0
if ((RUN_SWIFT)); then
    printf '\033[1m[test]\033[0m swift test\n' >&2
    KAFKALAB_BIN="$PWD/.build/debug/kafkalab" swift test "$@" || status=$?
fi
if ((RUN_COMPAT)); then
    printf '\033[1m[test]\033[0m client compatibility suite (pytest compat/)\n' >&2
    KAFKALAB_BIN="$PWD/.build/debug/kafkalab" .venv/bin/python -m pytest compat -q -p no:cacheprovider || status=$?
fi
exit "$status"
