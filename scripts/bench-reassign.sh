#!/usr/bin/env bash
# Reassignment throughput benchmark (not a test): how fast a partition's data moves to new replicas, side by side
# with the reference on this machine, a consumer (kcat) reading the same partition from the same broker.
# 3-broker KafkaLab cluster (release build), one partition of 1 KB records on broker 0, then:
#   1. kcat reads the whole partition from broker 0                       (reference: client fetch throughput)
#   2. 'topics --reassign --replicas 1 --wait': broker 1 copies it, broker 0 drops it
#   3. 'topics --reassign --replicas 2,0 --wait': brokers 2 and 0 copy it from broker 1 at the same time
# MB/s is the partition's log size over the wall time, request to completion, as the operator sees it.
# Usage: scripts/bench-reassign.sh [records-of-1KB]     (default: 200000, about 210 MB of log)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-200000}"
SIZE=1024

scripts/setup.sh release >/dev/null
BIN="$PWD/.build/release/kafkalab"
WORK="$(mktemp -d /tmp/kafkalab-bench-reassign.XXXXXX)"
NAME="reassign$$"
cleanup() { "$BIN" cluster down --name "$NAME" --dir "$WORK" --clean >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" cluster up --brokers 3 --name "$NAME" --dir "$WORK" --base-port 0 --zookeeper-port 0 \
    --property auto.leader.rebalance.enable=false >"$WORK/up.log"
STATE="$WORK/$NAME/cluster.json"
BOOTSTRAP="$(python3 -c "import json; print(json.load(open('$STATE'))['bootstrap'])")"
ZOOKEEPER="$(python3 -c "import json; print(json.load(open('$STATE'))['zookeeperConnect'])")"
BROKER0="$(python3 -c "import json; print(json.load(open('$STATE'))['brokers'][0]['port'])")"
TOPIC=moving

"$BIN" topics --bootstrap-server "$BOOTSTRAP" --create --topic "$TOPIC" --partitions 1 --replication-factor 1 \
    >/dev/null
# Wherever it was placed, start from broker 0 (empty, so this move is instant).
"$BIN" topics --zookeeper "$ZOOKEEPER" --reassign --topic "$TOPIC" --partition 0 --replicas 0 --wait >/dev/null
python3 -c "
import sys
sys.stdout.write((('x' * ($SIZE - 1)) + '\n') * $COUNT)" >"$WORK/records"
kcat -b "$BOOTSTRAP" -P -t "$TOPIC" -p 0 -X acks=1 -X linger.ms=5 -X batch.num.messages=10000 \
    -X queue.buffering.max.messages=1000000 -l "$WORK/records"
rm "$WORK/records"

# End offset through kcat's offset query (no consumer group: creating __consumer_offsets would load the cluster
# in the middle of the measurement).
end_offset() { kcat -b "$BOOTSTRAP" -Q -t "$TOPIC:0:-1" 2>/dev/null | awk '{print $NF}'; }
[ "$(end_offset)" = "$COUNT" ] || { echo "expected $COUNT records on the broker" >&2; exit 1; }
BYTES="$(du -sb "$WORK/$NAME/broker-0/data/$TOPIC-0" | awk '{print $1}')"

now() { date +%s.%N; }
rate() { python3 -c "b=$1; s=$3-$2; print(f'{b/s/1e6:>8.1f} MB/s  ({b/1e6:,.0f} MB in {s:.2f} s)')"; }

echo "KafkaLab reassignment benchmark — $(nproc) cores, 1 partition, $COUNT records of $SIZE B, release build"
t0=$(now)
kcat -b "127.0.0.1:$BROKER0" -C -t "$TOPIC" -p 0 -o beginning -e -q -X fetch.wait.max.ms=100 -f '' 2>/dev/null
t1=$(now)
printf '%-44s %s\n' "kcat reads it from broker 0 (reference)" "$(rate "$BYTES" "$t0" "$t1")"

t0=$(now)
"$BIN" topics --zookeeper "$ZOOKEEPER" --reassign --topic "$TOPIC" --partition 0 --replicas 1 --wait \
    --timeout 600 >"$WORK/move1.log"
t1=$(now)
printf '%-44s %s\n' "reassign [0] -> [1]" "$(rate "$BYTES" "$t0" "$t1")"
[ ! -e "$WORK/$NAME/broker-0/data/$TOPIC-0" ] || { echo "broker 0 kept its log" >&2; exit 1; }

t0=$(now)
"$BIN" topics --zookeeper "$ZOOKEEPER" --reassign --topic "$TOPIC" --partition 0 --replicas 2,0 --wait \
    --timeout 600 >"$WORK/move2.log"
t1=$(now)
printf '%-44s %s\n' "reassign [1] -> [2,0] (two copies at once)" "$(rate "$BYTES" "$t0" "$t1")"
[ "$(end_offset)" = "$COUNT" ] || { echo "records missing after the moves" >&2; exit 1; }
for id in 0 2; do
    cmp -s "$WORK/$NAME/broker-$id/data/$TOPIC-0/00000000000000000000.log" \
        "$WORK/$NAME/broker-2/data/$TOPIC-0/00000000000000000000.log" || { echo "replica logs differ" >&2; exit 1; }
done
echo "all $COUNT records on the new replicas, first segments byte-identical"
