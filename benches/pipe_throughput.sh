#!/usr/bin/env bash
# Measures `pipe` throughput with and without line understanding on a mixed
# corpus, with the release binary and --dry-run (no network). Not run by CI.
#
#   cargo build --release && bash benches/pipe_throughput.sh [LINES]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
corpus=${TMPDIR:-/tmp}/logingestor-mixed-$lines.log
[ -s "$corpus" ] || python3 benches/mixed_corpus.py "$lines" > "$corpus"
bin=target/release/logingestor
count=$(wc -l < "$corpus")

run() {
    local label=$1; shift
    local best=""
    for _ in 1 2 3; do
        local start end
        start=$(date +%s.%N)
        "$bin" pipe --dry-run --no-console --project 00000000-0000-0000-0000-000000000000 "$@" \
            < "$corpus" > /dev/null 2>&1
        end=$(date +%s.%N)
        local secs
        secs=$(echo "$end - $start" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc -l)" = 1 ]; then best=$secs; fi
    done
    printf '%-40s %8.3f s  %12.0f lines/s\n' "$label" "$best" "$(echo "$count / $best" | bc -l)"
}

echo "corpus: $corpus ($count lines, $(du -h "$corpus" | cut -f1))"
run "pipe --format text --no-detect" --format text --no-detect
run "pipe --format auto (default)" --format auto
