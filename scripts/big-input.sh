#!/usr/bin/env bash
# Streams a 1 GB input through `s64 run` under a 64 MB heap: about a million filler lines (blank
# lines are read and skipped), a garbage line every 100,000 lines (an invalid outcome each) and a
# filter job every 250,000. Prints the wall time and the peak resident memory.
# Usage: scripts/big-input.sh [SIZE_MB]   (default 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/big.jsonl" "$size_mb" <<'PY'
import sys
path, size_mb = sys.argv[1], int(sys.argv[2])
filler = " " * 1023 + "\n"
lines = size_mb * 1024
with open(path, "w") as f:
    for i in range(lines):
        if i % 250_000 == 0:
            f.write('{"id":"job-%d","simple_filters":{"i":%d},"max_results":5}\n' % (i, i))
        elif i % 100_000 == 0:
            f.write("\x01\x02 not json at all %d\n" % i)
        else:
            f.write(filler)
PY
ls -l "$work/big.jsonl"
[ -f orchestrator-runner/target/s64.jar ] || mvn -q -B -DskipTests package -pl orchestrator-runner -am
/usr/bin/time -v java -Xmx64m -jar orchestrator-runner/target/s64.jar run "$work/big.jsonl" \
  --emulator --out "$work/out" --progress none 2> "$work/time.txt" || true
grep -E "Elapsed|Maximum resident" "$work/time.txt"
echo "outcomes: $(wc -l < "$work/out/outcomes.jsonl")"
grep -o '"status":"[a-z_]*"' "$work/out/outcomes.jsonl" | sort | uniq -c
