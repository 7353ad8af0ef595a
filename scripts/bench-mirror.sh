#!/usr/bin/env bash
# Mirror benchmark (not a test), release build, two one-broker KafkaLab clusters (source and destination; one
# broker each, because six brokers plus the clients are too much for a 2-core machine to give stable figures).
#  1. Throughput: N keyed 1 KB records pre-loaded into a 6-partition source topic, copied to the destination by
#     `kafkalab mirror`, side by side with a raw librdkafka pipe on the same clusters
#     (`kcat -C -e ... | kcat -P ...`, keys kept). Timed from start until the destination holds all N records.
#     Skipped when records is 0.
#  2. Latency, LATENCY_RUNS rounds (default 3): the tester produces 1 KB records at 10,000 records/s for D
#     seconds, first into a source topic it also consumes (the reference: the same two client hops without a
#     mirror), then into a topic the mirror copies, consuming on the destination. Per round: end-to-end p50/p99
#     over the whole run (send on the source to receipt on the destination), the per-second p99 over the steady
#     seconds (the first second, warm-up, and the last, partial, left out), and the mirror's own replication
#     latency. The tester runs with its latency settings, TESTER_FLAGS (see docs/mirror.md "Performance").
# Usage: scripts/bench-mirror.sh [records] [latency-seconds]     (defaults: 500000 20)
#        MIRROR_FLAGS='-X destination.linger.ms=0' scripts/bench-mirror.sh     (extra mirror flags)
#        TESTER_FLAGS='' LATENCY_RUNS=5 scripts/bench-mirror.sh 0 30            (tester defaults; latency only)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-500000}"
LATENCY_SECONDS="${2:-20}"
SIZE=1024
PARTITIONS=6
LATENCY_RUNS="${LATENCY_RUNS:-3}"
# Extra mirror flags for experiments, e.g. MIRROR_FLAGS='-X destination.linger.ms=0'.
read -r -a MIRROR_EXTRA <<<"${MIRROR_FLAGS:-}"
# The tester as one measures latency with it: no 5 ms linger (its default, for throughput), no Nagle delay.
read -r -a TESTER_EXTRA <<<"${TESTER_FLAGS--X linger.ms=1 -X socket.nagle.disable=true}"

scripts/setup.sh release >/dev/null
BIN="$PWD/.build/release/kafkalab"
WORK="$(mktemp -d /tmp/kafkalab-bench-mirror.XXXXXX)"
SRC_NAME="bsrc$$"
DST_NAME="bdst$$"
MIRROR_PID=""
cleanup() {
    if [ -n "$MIRROR_PID" ]; then kill "$MIRROR_PID" 2>/dev/null || true; wait "$MIRROR_PID" 2>/dev/null || true; fi
    "$BIN" cluster down --name "$SRC_NAME" --dir "$WORK" --clean >/dev/null 2>&1 || true
    "$BIN" cluster down --name "$DST_NAME" --dir "$WORK" --clean >/dev/null 2>&1 || true
    if [ -n "${KEEP_WORK:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

up() {
    "$BIN" cluster up --brokers 1 --name "$1" --dir "$WORK" --base-port 0 --zookeeper-port 0 \
        --property group.initial.rebalance.delay.ms=0 >"$WORK/up-$1.log"
    python3 -c "import json; print(json.load(open('$WORK/$1/cluster.json'))['bootstrap'])"
}
SRC="$(up "$SRC_NAME")"
DST="$(up "$DST_NAME")"

py() { .venv/bin/python - "$@"; }
create_topic() { # bootstrap topic
    py "$1" "$2" "$PARTITIONS" <<'PY'
import sys
from confluent_kafka.admin import AdminClient, NewTopic
admin = AdminClient({"bootstrap.servers": sys.argv[1]})
for future in admin.create_topics([NewTopic(sys.argv[2], num_partitions=int(sys.argv[3]), replication_factor=1)]).values():
    future.result(30)
PY
}
# Polls until `topic` holds `count` records; prints the seconds since `start` (epoch seconds) at which the first
# record and all of them were there.
wait_for_count() { # bootstrap topic count start
    py "$@" <<'PY'
import sys, time
from confluent_kafka import Consumer, TopicPartition
bootstrap, topic, count, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-watch", "log_level": 3})
deadline = time.time() + 600
first = None
while time.time() < deadline:
    try:
        # All topics: naming a missing one would make the broker auto-create it with one partition.
        metadata = consumer.list_topics(timeout=5).topics.get(topic)
        parts = list(metadata.partitions) if metadata and metadata.error is None else []
        total = sum(consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=5)[1] for p in parts)
    except Exception:
        total = 0
    now = time.time() - start
    if total > 0 and first is None:
        first = now
    if total >= count:
        print(f"{first if first is not None else now:.3f} {now:.3f}")
        sys.exit(0)
    time.sleep(0.02)
sys.exit(f"{topic} on {bootstrap} did not reach {count} records")
PY
}
# CPU seconds (user + system) a running process used so far.
cpu_seconds() { # pid
    python3 -c "
import os
fields = open('/proc/$1/stat').read().rsplit(')', 1)[1].split()
print(f'{(int(fields[11]) + int(fields[12])) / os.sysconf(\"SC_CLK_TCK\"):.2f}')"
}
# "first full" (seconds) -> throughput from start, and from the first record copied (steady copying).
rate() {
    python3 -c "
n=$1; first, full = $2, $3
steady = max(full - first, 1e-6)
print(f'{n*$SIZE/full/1e6:>7.1f} MB/s from start ({n/full:>8,.0f} rec/s, {full:.2f} s)   '
      f'{n*$SIZE/steady/1e6:>7.1f} MB/s from the first copy ({steady:.2f} s)')"
}

echo "KafkaLab mirror benchmark — $(nproc) cores, 1 broker per cluster, $PARTITIONS partitions, ${SIZE} B records, kcat $(kcat -V 2>&1 | awk '/^Version/ {print $2}') / librdkafka $(pkg-config --modversion rdkafka)"
echo "tester flags: ${TESTER_EXTRA[*]:-(none)}; mirror flags: ${MIRROR_EXTRA[*]:-(none, its defaults)}"

# 1. Throughput (skipped for 0 records).
if [ "$COUNT" -gt 0 ]; then
# Keyed 1 KB records: "k<i>" then a tab then the value (kcat -K '\t').
python3 -c "
import sys
pad = 'x' * ($SIZE - 8)
sys.stdout.write(''.join(f'k{i}\t{i:08d}{pad}\n' for i in range($COUNT)))" >"$WORK/records"
create_topic "$SRC" bench.load
kcat -b "$SRC" -P -t bench.load -K $'\t' -X linger.ms=5 -X batch.num.messages=10000 \
    -X queue.buffering.max.messages=1000000 -l "$WORK/records"
wait_for_count "$SRC" bench.load "$COUNT" "$(date +%s.%N)" >/dev/null

# 1a. The raw librdkafka pipe: consume to the end, produce with the keys (acks=all, as the mirror).
create_topic "$DST" pipe.bench.load
start=$(date +%s.%N)
wait_for_count "$DST" pipe.bench.load "$COUNT" "$start" >"$WORK/pipe-times" &
WATCH_PID=$!
TIMEFORMAT='%U %S'
pipe_cpu=$( { time kcat -b "$SRC" -C -t bench.load -o beginning -e -q -K $'\t' -X fetch.wait.max.ms=100 2>/dev/null |
    kcat -b "$DST" -P -t pipe.bench.load -K $'\t' -X acks=all -X enable.idempotence=true -X linger.ms=5 \
        -X batch.num.messages=10000 -X queue.buffering.max.messages=1000000; } 2>&1 )
pipe_cpu=$(python3 -c "u, s = '$pipe_cpu'.split()[-2:]; print(f'{float(u) + float(s):.2f}')")
wait "$WATCH_PID"
read -r pipe_first pipe_full <"$WORK/pipe-times"

# 1b. The mirror (creates bench.load on the destination, joins its group, copies).
start=$(date +%s.%N)
"$BIN" mirror --source "$SRC" --destination "$DST" --topics 'bench\.load' --group bench-mirror-load \
    --metadata-interval-ms 1000 "${MIRROR_EXTRA[@]}" >"$WORK/mirror-load.log" 2>&1 &
MIRROR_PID=$!
read -r mirror_first mirror_full < <(wait_for_count "$DST" bench.load "$COUNT" "$start")
# CPU seconds the mirror used (user + system), read before it exits: a figure less at the mercy of other load.
mirror_cpu=$(cpu_seconds "$MIRROR_PID")
kill -TERM "$MIRROR_PID"; wait "$MIRROR_PID" || true; MIRROR_PID=""

printf '%-34s %s\n' "throughput  kcat -C | kcat -P" "$(rate "$COUNT" "$pipe_first" "$pipe_full")"
printf '%-34s %s\n' "throughput  kafkalab mirror" "$(rate "$COUNT" "$mirror_first" "$mirror_full")"
echo "            (from start includes connecting; for the mirror also creating the topic and joining its group)"
printf '%-34s %s\n' "cpu         kcat -C | kcat -P" "$pipe_cpu s (both processes, user + system)"
printf '%-34s %s\n' "cpu         kafkalab mirror" "$mirror_cpu s (user + system, including start-up)"
fi

# 2. Latency at 10,000 records/s, in rounds: the tester alone on the source, then through the mirror.
summarize() { # round direct.json latency.json mirror.log
    python3 - "$@" <<'PY'
import json, os, statistics, sys
round_, direct, latency, mirror_log = sys.argv[1:]
def line(label, path):
    if not os.path.exists(path):
        print(f"{label:<36} (no results)"); return
    r = json.load(open(path))
    seconds = r["endToEndLatency99pct"]
    steady = seconds[1:-1]  # per-second p99: warm-up second and partial last second left out
    over = sum(1 for p in steady if p > 10)
    per_second = (f"first second p99 {seconds[0]:>5.1f}, steady seconds p99 median {statistics.median(steady):>5.1f} "
                  f"worst {max(steady):>6.1f}, {over}/{len(steady)} > 10 ms") if steady else "no steady seconds"
    print(f"{label:<36} p50 {r['aggregatedEndToEndLatency50pct']:>5.1f}  p99 {r['aggregatedEndToEndLatency99pct']:>6.1f}  "
          f"max {r['aggregatedEndToEndLatencyMax']:>6.1f} ms | {per_second} | "
          f"{r['aggregatedPublishRate']:,.0f} rec/s, lost {r['counts']['lost']}, {r['verdict']}")
line(f"latency {round_}  tester, source only", direct)
line(f"latency {round_}  tester through mirror", latency)
log = open(mirror_log).read().splitlines() if os.path.exists(mirror_log) else []
for prefix, label, what in [
        ("replication latency", "mirror hop alone", "source record timestamp to destination ack"),
        ("  source to mirror", "  of which source to mirror", "source record timestamp to the mirror's receipt")]:
    found = [l for l in log if l.startswith(prefix)]
    if found:
        print(f"{f'latency {round_}  {label}':<36} {found[-1].split(':', 1)[1].strip()} (ms, {what})")
PY
}

latency_round() { # round
    local direct="bench.direct.$1" topic="bench.latency.$1"
    create_topic "$SRC" "$direct"
    "$BIN" test run --bootstrap "$SRC" --topic "$direct" --rate 10000 --duration "$LATENCY_SECONDS" \
        --message-size "$SIZE" --acks all "${TESTER_EXTRA[@]}" --results "$WORK/direct-$1.json" \
        >"$WORK/direct-$1.out" 2>&1 || true

    create_topic "$SRC" "$topic"
    "$BIN" mirror --source "$SRC" --destination "$DST" --topics "bench\\.latency\\.$1" --group "bench-mirror-latency-$1" \
        --metadata-interval-ms 1000 "${MIRROR_EXTRA[@]}" >"$WORK/mirror-latency-$1.log" 2>&1 &
    MIRROR_PID=$!
    py "$DST" "$topic" "$PARTITIONS" <<'PY'
import sys, time
from confluent_kafka.admin import AdminClient
admin = AdminClient({"bootstrap.servers": sys.argv[1]})
for _ in range(600):
    topic = admin.list_topics(timeout=5).topics.get(sys.argv[2])
    if topic and topic.error is None and len(topic.partitions) == int(sys.argv[3]) \
            and all(p.leader >= 0 for p in topic.partitions.values()):
        sys.exit(0)
    time.sleep(0.1)
sys.exit(f"the mirror did not create {sys.argv[2]} with its partitions")
PY
    "$BIN" test run --bootstrap "$SRC" --consume-bootstrap "$DST" --topic "$topic" --rate 10000 \
        --duration "$LATENCY_SECONDS" --message-size "$SIZE" --acks all --allow-duplicates "${TESTER_EXTRA[@]}" \
        --results "$WORK/latency-$1.json" >"$WORK/latency-$1.out" 2>&1 || true
    cpu_seconds "$MIRROR_PID" >"$WORK/mirror-cpu-$1"
    kill -TERM "$MIRROR_PID"; wait "$MIRROR_PID" || true; MIRROR_PID=""
    if [ ! -s "$WORK/latency-$1.json" ]; then
        echo "latency round $1 wrote no results:" >&2; tail -20 "$WORK/latency-$1.out" >&2; return 1
    fi
    summarize "$1" "$WORK/direct-$1.json" "$WORK/latency-$1.json" "$WORK/mirror-latency-$1.log"
    printf '%-36s %s\n' "latency $1  mirror cpu" "$(cat "$WORK/mirror-cpu-$1") s (user + system over the round, start-up included)"
}

for round in $(seq 1 "$LATENCY_RUNS"); do latency_round "$round"; done
echo "targets: mirror >= pipe and >= 100 MB/s; end-to-end p99 <= 10 ms at 10,000 records/s"
