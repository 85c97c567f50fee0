#!/usr/bin/env bash
# Measures `pipe` throughput with and without line understanding on a mixed
# corpus, with the release binary and --dry-run (no network), so that the
# figures are those of reading, understanding and encoding lines alone.
# Not run by CI.
#
#   cargo build --release && bash benches/pipe_throughput.sh [LINES] [RUNS]
#
# The two modes run in turn (RUNS times each), so that a noisy neighbour on a
# shared machine slows both alike; it prints the median and the best wall
# time of each, their CPU time, and the ratio of auto to --no-detect
# throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
runs=${2:-15}
corpus=${TMPDIR:-/tmp}/logingestor-mixed-$lines.log
[ -s "$corpus" ] || python3 benches/mixed_corpus.py "$lines" > "$corpus"
bin=target/release/logingestor
count=$(wc -l < "$corpus")
times=$(mktemp)
trap 'rm -f "$times"' EXIT
echo "corpus: $corpus ($count lines, $(du -h "$corpus" | cut -f1)), $runs runs of each mode"

for _ in $(seq "$runs"); do
    for mode in no-detect auto; do
        case $mode in
            no-detect) args=(--format text --no-detect) ;;
            auto) args=(--format auto) ;;
        esac
        # wall seconds (to the microsecond), user and system seconds
        start=$EPOCHREALTIME
        /usr/bin/time -o "$times" -f "%U %S" "$bin" pipe --dry-run --no-console \
            --project 00000000-0000-0000-0000-000000000000 "${args[@]}" \
            < "$corpus" > /dev/null 2>&1
        end=$EPOCHREALTIME
        echo "$mode $(python3 -c "print($end - $start)") $(tail -1 "$times")"
    done
done | python3 -c '
import statistics, sys
count = int(sys.argv[1])
runs = {}
for line in sys.stdin:
    mode, wall, user, system = line.split()
    runs.setdefault(mode, []).append((float(wall), float(user) + float(system)))
for mode, label in (("no-detect", "pipe --format text --no-detect"), ("auto", "pipe --format auto (default)")):
    walls = [wall for wall, _ in runs[mode]]
    cpu = statistics.median(cpu for _, cpu in runs[mode])
    print(f"{label:32} median {statistics.median(walls):.3f} s ({count / statistics.median(walls):>9,.0f} lines/s)"
          f"  best {min(walls):.3f} s ({count / min(walls):>9,.0f} lines/s)  CPU {cpu:.2f} s")
plain, auto = runs["no-detect"], runs["auto"]
by_median = statistics.median(w for w, _ in plain) / statistics.median(w for w, _ in auto)
by_best = min(w for w, _ in plain) / min(w for w, _ in auto)
print(f"auto keeps {by_median:.0%} of --no-detect throughput (medians), {by_best:.0%} (best runs)")
' "$count"
