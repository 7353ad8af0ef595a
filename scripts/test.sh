#!/usr/bin/env bash
# The whole test suite, from a bare machine: set-up (idempotent), the Swift tests (unit tests, then integration
# tests that start real ZooKeeper and broker processes on free loopback ports), then the third-party client
# compatibility suite (kcat, confluent-kafka, kafka-python) against a real broker, and its durability test (two
# 3-broker clusters of its own, 20 faults on each: 3-5 minutes more).
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
export KAFKALAB_BIN="$PWD/.build/debug/kafkalab"
if ((RUN_SWIFT)); then
    swift build --build-tests
    # Unit tests run in parallel; integration tests start clusters of real processes, so on a small machine they
    # run one at a time to keep their timings honest.
    printf '\033[1m[test]\033[0m swift test: unit tests\n' >&2
    swift test --skip-build --skip IntegrationTests "$@" || status=$?
    printf '\033[1m[test]\033[0m swift test: integration tests (real ZooKeeper and broker processes)\n' >&2
    swift test --skip-build --filter IntegrationTests --no-parallel "$@" || status=$?
fi
if ((RUN_COMPAT)); then
    printf '\033[1m[test]\033[0m client compatibility suite (pytest compat/)\n' >&2
    .venv/bin/python -m pytest compat -q -p no:cacheprovider || status=$?
fi
exit "$status"
