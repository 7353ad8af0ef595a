#!/usr/bin/env bash
# Tester producer benchmark (not a test): how close does `kafkalab test produce` (stamping, key round-robin,
# ack ledger) come to raw librdkafka (`kcat -P` from a pre-generated file) at the same settings? Same count,
# 100 B values, the same keys, acks=1, linger.ms=5, one producer, a 6-partition topic on a one-broker KafkaLab
# cluster (release build). Wall clock per process (start-up and final flush included); the two alternate going
# first. Prints best and median of ROUNDS, the ratio tester/kcat (target >= 90%: of the bests, of the medians, and
# the median of each round's ratio), and each process's CPU time (user + system) per million records, which is
# steadier than wall clock on a busy machine. Every record must have landed, or the run fails.
# Usage: scripts/bench-tester.sh [records] [rounds]     (defaults: 1000000 3)
#        KAFKALAB_BIN=/path/to/kafkalab skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-1000000}"
ROUNDS="${2:-3}"
SIZE=100
PARTITIONS=6
KEYS=$((PARTITIONS * 17))   # what the tester uses for a 6-partition topic

if [ -z "${KAFKALAB_BIN:-}" ]; then
    scripts/setup.sh release >/dev/null
    KAFKALAB_BIN="$PWD/.build/release/kafkalab"
fi
BIN="$KAFKALAB_BIN"
WORK="$(mktemp -d /tmp/kafkalab-bench-tester.XXXXXX)"
NAME="bench$$"
cleanup() { "$BIN" cluster down --name "$NAME" --dir "$WORK" --clean >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" cluster up --brokers 1 --name "$NAME" --dir "$WORK" --base-port 0 --zookeeper-port 0 >"$WORK/up.log"
BOOTSTRAP="$(python3 -c "import json; print(json.load(open('$WORK/$NAME/cluster.json'))['bootstrap'])")"

# Same shape as the tester's records: key kl-<i mod KEYS>, a 100-byte value.
python3 - "$WORK/records" "$COUNT" "$SIZE" "$KEYS" <<'PY'
import sys
path, count, size, keys = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
value = "x" * size
with open(path, "w") as f:
    for i in range(count):
        f.write(f"kl-{i % keys}\t{value}\n")
PY

admin() {
    .venv/bin/python - "$BOOTSTRAP" "$@" <<'PY'
import sys
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap, action, topic = sys.argv[1], sys.argv[2], sys.argv[3]
if action == "create":
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for future in admin.create_topics([NewTopic(topic, num_partitions=int(sys.argv[4]), replication_factor=1)]).values():
        future.result(30)
else:  # total: records on the broker
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-check"})
    metadata = consumer.list_topics(topic, timeout=10).topics[topic]
    print(sum(consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in metadata.partitions))
    consumer.close()
PY
}

now() { date +%s.%N; }
per_second() { python3 -c "print(f'{$1 / ($3 - $2):.0f}')"; }
# CPU seconds (user + system) per million records, from /usr/bin/time's output file.
cpu_per_million() { python3 -c "u, s = open('$1').read().split()[-2:]; print(f'{(float(u) + float(s)) * 1e6 / $COUNT:.2f}')"; }
expect_landed() {
    local total
    total="$(admin total "$1")"
    [ "$total" -eq "$COUNT" ] || { echo "expected $COUNT records in $1, found $total" >&2; exit 1; }
}

PROPS=(-X acks=1 -X linger.ms=5)
tester_rates=() kcat_rates=() self_rates=() tester_cpu=() kcat_cpu=() ratios=()
run_tester() {
    local round="$1" t0 t1
    t0=$(now)
    /usr/bin/time -f '%U %S' -o "$WORK/tester-$round.time" \
        "$BIN" test produce --bootstrap "$BOOTSTRAP" --topic "tester-$round" --count "$COUNT" --message-size "$SIZE" \
        --acks 1 -X linger.ms=5 --results "$WORK/tester-$round.json" >"$WORK/tester-$round.log" 2>&1 \
        || { echo "tester produce failed:" >&2; tail -20 "$WORK/tester-$round.log" >&2; exit 1; }
    t1=$(now)
    expect_landed "tester-$round"
    tester_rates+=("$(per_second "$COUNT" "$t0" "$t1")")
    tester_cpu+=("$(cpu_per_million "$WORK/tester-$round.time")")
    self_rates+=("$(python3 -c "import json; print(f\"{json.load(open('$WORK/tester-$round.json'))['aggregatedPublishRate']:.0f}\")")")
}
run_kcat() {
    local round="$1" t0 t1
    t0=$(now)
    /usr/bin/time -f '%U %S' -o "$WORK/kcat-$round.time" \
        kcat -b "$BOOTSTRAP" -P -t "kcat-$round" "${PROPS[@]}" -K $'\t' -l "$WORK/records"
    t1=$(now)
    expect_landed "kcat-$round"
    kcat_rates+=("$(per_second "$COUNT" "$t0" "$t1")")
    kcat_cpu+=("$(cpu_per_million "$WORK/kcat-$round.time")")
}
for round in $(seq 1 "$ROUNDS"); do
    admin create "tester-$round" "$PARTITIONS"
    admin create "kcat-$round" "$PARTITIONS"
    # Alternate who goes first, so that neither always inherits the other's aftermath (broker flushes, caches).
    if [ $((round % 2)) -eq 1 ]; then run_tester "$round"; run_kcat "$round"; else run_kcat "$round"; run_tester "$round"; fi
    ratios+=("$(python3 -c "print(${tester_rates[-1]} / ${kcat_rates[-1]})")")
    printf 'round %d: tester %s msg/s (its own count: %s, %s CPU s/M), kcat %s msg/s (%s CPU s/M), ratio %s\n' \
        "$round" "${tester_rates[-1]}" "${self_rates[-1]}" "${tester_cpu[-1]}" "${kcat_rates[-1]}" "${kcat_cpu[-1]}" \
        "$(python3 -c "print(f'{${ratios[-1]}:.1%}')")"
done

best() { printf '%s\n' "$@" | sort -n | tail -1; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
TESTER="$(best "${tester_rates[@]}")"
KCAT="$(best "${kcat_rates[@]}")"
echo
echo "Tester producer vs librdkafka — $(nproc) cores, $COUNT x $SIZE B, $PARTITIONS partitions, acks=1, linger.ms=5," \
    "best of $ROUNDS, kcat $(kcat -V 2>&1 | awk '/^Version/ {print $2}') / librdkafka $(pkg-config --modversion rdkafka)"
python3 - "$TESTER" "$KCAT" "$SIZE" "$(median "${tester_rates[@]}")" "$(median "${kcat_rates[@]}")" \
    "$(median "${tester_cpu[@]}")" "$(median "${kcat_cpu[@]}")" "$(median "${ratios[@]}")" <<'PY'
import sys
tester, kcat, size, tester_median, kcat_median, tester_cpu, kcat_cpu, paired = map(float, sys.argv[1:])
print(f"{'':<24} {'best msg/s':>12} {'MB/s':>7} {'median msg/s':>13} {'CPU s/M':>8}")
print(f"{'kafkalab test produce':<24} {tester:>12,.0f} {tester * size / 1e6:>7.1f} {tester_median:>13,.0f} {tester_cpu:>8.2f}")
print(f"{'kcat -P (librdkafka)':<24} {kcat:>12,.0f} {kcat * size / 1e6:>7.1f} {kcat_median:>13,.0f} {kcat_cpu:>8.2f}")
ratio = tester / kcat
print(f"{'ratio (best)':<24} {ratio:>12.1%}   of medians {tester_median / kcat_median:.1%}"
      f"   median per round {paired:.1%}   (target >= 90%: {'met' if ratio >= 0.9 else 'NOT met'})")
print(f"{'CPU per record':<24} {kcat_cpu / tester_cpu:>12.1%}   (kcat's CPU over the tester's, medians: the figure a busy"
      " machine disturbs least)")
PY
