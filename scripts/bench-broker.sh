#!/usr/bin/env bash
# Broker throughput benchmark (not a test): produce and fetch through librdkafka (kcat), 6 partitions, acks=1,
# 100 B and 1 KB records, against a one-broker KafkaLab cluster (release build) — side by side with the same
# produce run against librdkafka's own in-process mock broker, the reference on this machine.
# Prints msg/s and MB/s, and the broker's peak RSS.
# Usage: scripts/bench-broker.sh [records-of-100B] [records-of-1KB]     (defaults: 2000000 500000)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT_SMALL="${1:-2000000}"
COUNT_LARGE="${2:-500000}"

scripts/setup.sh release >/dev/null
BIN="$PWD/.build/release/kafkalab"
WORK="$(mktemp -d /tmp/kafkalab-bench.XXXXXX)"
NAME="bench$$"
cleanup() { "$BIN" cluster down --name "$NAME" --dir "$WORK" --clean >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" cluster up --brokers 1 --name "$NAME" --dir "$WORK" --base-port 0 --zookeeper-port 0 >"$WORK/up.log"
BOOTSTRAP="$(python3 -c "import json,sys; print(json.load(open('$WORK/$NAME/cluster.json'))['bootstrap'])")"
BROKER_PID="$(python3 -c "import json,sys; print(json.load(open('$WORK/$NAME/cluster.json'))['brokers'][0]['process']['pid'])")"

now() { date +%s.%N; }
rate() { python3 -c "n=$1; b=$2; s=$4-$3; print(f'{n/s:>12,.0f} msg/s {b/s/1e6:>8.1f} MB/s  ({n:,} records in {s:.2f} s)')"; }

run_size() {
    local size="$1" count="$2" topic="bench-$1"
    local file="$WORK/records-$size"
    python3 -c "
import sys
line = ('x' * ($size - 1)) + '\n'
sys.stdout.write(line * $count)" >"$file"
    .venv/bin/python - "$BOOTSTRAP" "$topic" <<'PY'
import sys
from confluent_kafka.admin import AdminClient, NewTopic
admin = AdminClient({"bootstrap.servers": sys.argv[1]})
for future in admin.create_topics([NewTopic(sys.argv[2], num_partitions=6, replication_factor=1)]).values():
    future.result(30)
PY
    local props=(-X acks=1 -X linger.ms=5 -X batch.num.messages=10000 -X queue.buffering.max.messages=1000000)

    local t0 t1
    t0=$(now); kcat -b "$BOOTSTRAP" -P -t "$topic" "${props[@]}" -l "$file"; t1=$(now)
    printf '%-34s %s\n' "produce ${size} B  KafkaLab" "$(rate "$count" "$((count * size))" "$t0" "$t1")"

    t0=$(now); kcat -b 127.0.0.1:1 -X test.mock.num.brokers=1 -P -t "$topic" "${props[@]}" -l "$file" 2>/dev/null; t1=$(now)
    printf '%-34s %s\n' "produce ${size} B  librdkafka mock" "$(rate "$count" "$((count * size))" "$t0" "$t1")"

    # Every record must have landed before fetch figures mean anything.
    .venv/bin/python - "$BOOTSTRAP" "$topic" "$count" <<'PY'
import sys
from confluent_kafka import Consumer, TopicPartition
consumer = Consumer({"bootstrap.servers": sys.argv[1], "group.id": "bench-check"})
total = sum(consumer.get_watermark_offsets(TopicPartition(sys.argv[2], p), timeout=10)[1] for p in range(6))
if total != int(sys.argv[3]):
    sys.exit(f"expected {sys.argv[3]} records on the broker, found {total}")
PY
    t0=$(now)
    kcat -b "$BOOTSTRAP" -C -t "$topic" -o beginning -e -q -X fetch.wait.max.ms=100 -f '' 2>/dev/null
    t1=$(now)
    printf '%-34s %s\n' "fetch   ${size} B  KafkaLab" "$(rate "$count" "$((count * size))" "$t0" "$t1")"
}

echo "KafkaLab broker benchmark — $(nproc) cores, 6 partitions, acks=1, kcat $(kcat -V 2>&1 | head -1 | awk '{print $2}') / librdkafka $(pkg-config --modversion rdkafka)"
run_size 100 "$COUNT_SMALL"
run_size 1024 "$COUNT_LARGE"
echo "broker peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$BROKER_PID/status")"
