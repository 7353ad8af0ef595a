#!/usr/bin/env bash
# Brings a bare machine (Swift only) to ready, idempotently: Debian packages, the Python
# virtualenv for third-party client compatibility tests, and the build.
# Usage: scripts/setup.sh [debug|release]   (default: debug)
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIGURATION="${1:-debug}"
DEBIAN_PACKAGES=(librdkafka-dev zookeeper libzookeeper-mt-dev kcat default-jre-headless python3-venv)
# lz4, zstandard and python-snappy give kafka-python its compression codecs.
PYTHON_PACKAGES=(confluent-kafka kafka-python pytest lz4 zstandard python-snappy)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import confluent_kafka, kafka, pytest, lz4.frame, zstandard, snappy' 2>/dev/null; then
    say "creating Python virtualenv .venv with ${PYTHON_PACKAGES[*]}"
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
fi

say "building ($CONFIGURATION)"
swift build -c "$CONFIGURATION"
