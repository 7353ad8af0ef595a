#!/usr/bin/env bash
# Replication cost benchmark (not a test): on ONE 3-broker KafkaLab cluster (release build), the same records are
# produced through librdkafka (kcat) to a topic with replication factor 1 and acks=1, and to a topic with
# replication factor 3, min.insync.replicas=2 and acks=all. Prints msg/s and MB/s of both side by side, the ratio
# RF=3/RF=1 per round and its median (target: at least 50%). Each round runs the two back to back, so machine
# noise hits both alike: on a shared machine the per-round ratio is the figure to trust, and five rounds give its
# median some footing (single rounds on this VM swing by +-10 points).
# Usage: scripts/bench-replication.sh [records] [record-size] [rounds]     (defaults: 500000 1024 5)
# Extra broker properties: BENCH_BROKER_PROPERTIES='replica.fetch.max.bytes=4194304 replica.fetch.wait.max.ms=50'
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-500000}"
SIZE="${2:-1024}"
ROUNDS="${3:-5}"
for n in "$COUNT" "$SIZE" "$ROUNDS"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [records] [record-size] [rounds] (positive integers)" >&2; exit 2; }
done

scripts/setup.sh release >/dev/null
BIN="$PWD/.build/release/kafkalab"
WORK="$(mktemp -d /tmp/kafkalab-bench-repl.XXXXXX)"
NAME="benchrepl$$"
cleanup() { "$BIN" cluster down --name "$NAME" --dir "$WORK" --clean >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

properties=(--property replica.fetch.wait.max.ms=100)
for p in ${BENCH_BROKER_PROPERTIES:-}; do properties+=(--property "$p"); done
"$BIN" cluster up --brokers 3 --name "$NAME" --dir "$WORK" --base-port 0 --zookeeper-port 0 "${properties[@]}" \
    >"$WORK/up.log"
BOOTSTRAP="$(python3 -c "import json; print(json.load(open('$WORK/$NAME/cluster.json'))['bootstrap'])")"

# Every topic stays until the end (see fill_page_cache): the warm-up's 3 copies, 4 per round, and the input file.
need_kb=$(( COUNT * SIZE / 1024 * (4 * ROUNDS + 4) ))
have_kb=$(df -Pk "$WORK" | awk 'NR == 2 {print $4}')
if (( have_kb < need_kb + 1048576 )); then
    echo "$0: needs $(( need_kb / 1048576 + 1 )) GiB free in $WORK's file system (1 GiB spare)," \
        "has $(( have_kb / 1048576 ))" >&2
    exit 1
fi
FILE="$WORK/records"
python3 -c "
import sys
line = ('x' * ($SIZE - 1)) + '\n'
sys.stdout.write(line * $COUNT)" >"$FILE"

now() { date +%s.%N; }

# The brokers' CPU seconds so far (user + system), from /proc: a phase's cost is the difference.
BROKER_PIDS="$(python3 -c "import json; print(' '.join(str(b['process']['pid']) for b in json.load(open('$WORK/$NAME/cluster.json'))['brokers']))")"
broker_cpu() {
    python3 - $BROKER_PIDS <<'PY'
import os, sys
ticks = os.sysconf("SC_CLK_TCK")
total = 0
for pid in sys.argv[1:]:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    total += int(fields[11]) + int(fields[12])
print(total / ticks)
PY
}

# create TOPIC RF [min.insync.replicas]; waits until every partition has its full ISR.
create() {
    .venv/bin/python - "$BOOTSTRAP" "$@" <<'PY'
import sys, time
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, topic, rf = sys.argv[1], sys.argv[2], int(sys.argv[3])
config = {"min.insync.replicas": sys.argv[4]} if len(sys.argv) > 4 else {}
admin = AdminClient({"bootstrap.servers": bootstrap})
for future in admin.create_topics([NewTopic(topic, num_partitions=6, replication_factor=rf, config=config)]).values():
    future.result(30)
deadline = time.time() + 60
while time.time() < deadline:
    parts = admin.list_topics(topic, timeout=10).topics[topic].partitions.values()
    if len(parts) == 6 and all(p.leader >= 0 and sorted(p.isrs) == sorted(p.replicas) for p in parts):
        sys.exit(0)
    time.sleep(0.2)
sys.exit(f"{topic}: partitions never all led with a full ISR")
PY
}

# count TOPIC EXPECTED: every record must have landed before a figure means anything (retries may add more).
count() {
    .venv/bin/python - "$BOOTSTRAP" "$1" "$2" <<'PY'
import sys
from confluent_kafka import Consumer, TopicPartition
consumer = Consumer({"bootstrap.servers": sys.argv[1], "group.id": "bench-check"})
total = sum(consumer.get_watermark_offsets(TopicPartition(sys.argv[2], p), timeout=10)[1] for p in range(6))
if total < int(sys.argv[3]):
    sys.exit(f"expected {sys.argv[3]} records in {sys.argv[2]}, found {total}")
if total > int(sys.argv[3]):
    # kcat's producer is not idempotent: a batch retried after an error its first attempt outlived lands twice.
    print(f"  ({total - int(sys.argv[3])} extra records in {sys.argv[2]}: retried batches, no idempotence)")
PY
}

# A broker host in steady state has its memory full of page cache, and a write takes a page that old, clean data
# gave up. This VM (firecracker, virtio-balloon free page reporting) instead hands out pages the host has not backed:
# never used since boot, or free for ~2 s and so handed back. The first write into such a page costs a host fault,
# 10x the copy: `dd` of 1.5 GB ran at 0.3-0.5 GB/s into them, at 4.1-4.4 GB/s into pages freed a moment before. RF=3
# writes three copies of every record, so left alone the VM's memory policy, not the brokers, sets the ratio (a
# profile of a slow RF=3 phase had 47% of the brokers' CPU in that copy). So before the warm-up the script fills the
# free memory with clean page cache, by reading a sparse file (no disk I/O), and keeps every topic to the end
# (deleting one would free its pages back to the host); every phase then takes pages from reclaim, as on a busy
# broker host, and pays for that reclaim. The fill is slow once: about 3 s per GB of fresh memory.
# BENCH_FRESH_MEMORY=1 skips it (to see the VM's cost).
fill_page_cache() {
    [[ "${BENCH_FRESH_MEMORY:-0}" == 1 ]] && return 0
    local free_kb bytes
    free_kb=$(awk '/^MemFree:/ {print $2}' /proc/meminfo)
    # 512 MiB stay free for the heaps of the brokers, kcat and ZooKeeper to grow into before reclaim starts.
    bytes=$(( (free_kb - 524288) * 1024 ))
    (( bytes > 0 )) || return 0
    echo "filling $(( bytes / 1073741824 )) GiB of free memory with clean page cache (steady state; see the script)"
    truncate -s "$bytes" "$WORK/page-cache-fill"
    dd if="$WORK/page-cache-fill" of=/dev/null bs=4M status=none
}

# produce TOPIC ACKS -> prints "elapsed-seconds broker-cpu-seconds kcat-cpu-seconds"
# kcat keeps librdkafka's default queue (100,000 records): with room for the whole run (1,000,000, as before 3
# December), the slower acks=all phase let kcat buffer up to 700 MB of records in fresh memory (RSS 323-737 MB against
# 34-49 MB for acks=1, 96,000-195,000 page faults against 63,000-72,000), so the client's own page faults were
# charged to the phase being measured. With the default it holds at most 100 MB in both.
produce() {
    local t0 t1 c0 c1 times
    sync -f "$WORK"  # the phases before are on disk: no phase shares the disk with writeback of another's records
    c0=$(broker_cpu)
    t0=$(now)
    times=$( { TIMEFORMAT='%U %S'; time kcat -b "$BOOTSTRAP" -P -t "$1" -X acks="$2" -X linger.ms=5 \
        -X batch.num.messages=10000 -l "$FILE"; } 2>&1 )
    t1=$(now)
    c1=$(broker_cpu)
    python3 -c "u, s = '$times'.split()[-2:]; print($t1 - $t0, $c1 - $c0, float(u) + float(s))"
}

# line LABEL RECORDS SIZE "elapsed broker-cpu kcat-cpu"
line() {
    python3 -c "
n=$2; b=$2*$3; s, broker, client = (float(x) for x in '$4'.split())
print(f'{\"$1\":<30} {n/s:>10,.0f} msg/s {b/s/1e6:>8.1f} MB/s  ({n:,} records in {s:.2f} s;'
      f' CPU s: brokers {broker:.2f}, kcat {client:.2f}; {(broker + client) / s:.2f} cores busy)')"
}

echo "KafkaLab replication benchmark — $(nproc) cores, 3 brokers, 6 partitions, $COUNT records of $SIZE B per run," \
    "kcat / librdkafka $(pkg-config --modversion rdkafka)${BENCH_BROKER_PROPERTIES:+, brokers: $BENCH_BROKER_PROPERTIES}," \
    "$([[ "${BENCH_FRESH_MEMORY:-0}" == 1 ]] && echo "fresh memory (BENCH_FRESH_MEMORY=1)" || echo "memory filled with clean page cache")"
# Warm-up, not timed: one RF=3 acks=all run. The brokers' first replication grows their heaps (page faults and
# zeroed pages for every new buffer) and the check consumer's first use creates __consumer_offsets (50 partitions x
# 3 replicas); left in round 1, that cost 1.5-2x the brokers' CPU of later rounds.
fill_page_cache
echo "warm-up (not timed): one RF=3 acks=all run"
create warmup 3 2
produce warmup all >/dev/null
count warmup "$COUNT"
ratios=""
for round in $(seq 1 "$ROUNDS"); do
    create "rf1-$round" 1
    create "rf3-$round" 3 2
    s1=$(produce "rf1-$round" 1); count "rf1-$round" "$COUNT"
    s3=$(produce "rf3-$round" all); count "rf3-$round" "$COUNT"
    echo "round $round:"
    line "  RF=1 acks=1" "$COUNT" "$SIZE" "$s1"
    line "  RF=3 acks=all (min.isr 2)" "$COUNT" "$SIZE" "$s3"
    ratio=$(python3 -c "print(round(100 * ${s1%% *} / ${s3%% *}))")
    echo "  RF=3 / RF=1: $ratio%"
    ratios="$ratios $ratio"
done
python3 -c "
import statistics
r = [int(x) for x in '$ratios'.split()]
print('RF=3 / RF=1 per round: ' + ', '.join(f'{x}%' for x in r) + f'; median {statistics.median(r):.0f}% (target >= 50%)')"
