#!/usr/bin/env bash
# The run report in a real browser: makes a real run (the s64 jar against its embedded emulator),
# opens its report.html in headless Chromium and fails when the page logs anything to the console,
# raises a script error, does not finish its script, or draws another number of timeline bars than
# the run has deep searches that started (outcomes.jsonl). Writes report.png next to the report.
# Installs Debian's chromium when it is missing. Needs orchestrator-runner/target/s64.jar (built
# by `mvn -B verify`, or `./s64`).
#   scripts/report-check.sh [OUT_DIR]        (default: a new temporary folder)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/orchestrator-runner/target/s64.jar"
out="${1:-$(mktemp -d)/run}"
[[ -f "$jar" ]] || { echo "report-check: $jar is missing; build it first (mvn -B verify)" >&2; exit 2; }

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  echo "report-check: installing chromium" >&2
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >/dev/null
fi

# A real run: 20 mixed jobs against the embedded emulator, with a 5 s rate window so the requests
# chart has several windows.
java -jar "$jar" run --emulator "$root/examples/demo.jsonl" --out "$out" --progress none \
  --rate-limit 60 --rate-window 5s
report="$out/report.html"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
browse() { # a fresh profile each time, nothing fetched or synced, console messages on stderr
  local profile
  profile="$(mktemp -d "$work/profile.XXXX")"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars "$@" \
    "file://$report"
}

browse --dump-dom >"$work/dom.html" 2>"$work/console.log"
browse --window-size=1280,1900 --screenshot="$out/report.png" >/dev/null 2>>"$work/console.log"

failed=0
if grep -q ':CONSOLE' "$work/console.log"; then
  echo "report-check: the page wrote to the console:" >&2
  grep ':CONSOLE' "$work/console.log" >&2
  failed=1
fi
if grep -q '<html[^>]* data-error=' "$work/dom.html"; then
  echo "report-check: script error: $(grep -o 'data-error="[^"]*"' "$work/dom.html")" >&2
  failed=1
fi
ready="$(grep -o '<html[^>]* data-ready="[0-9]*"' "$work/dom.html" | grep -o '[0-9]*"$' | tr -d '"' || true)"
if [[ -z "$ready" ]]; then
  echo "report-check: the page's script did not finish (no data-ready)" >&2
  failed=1
fi
bars="$(grep -o '<rect class="bar[ "]' "$work/dom.html" | wc -l)"
searches="$(grep '"kind":"deep"' "$out/outcomes.jsonl" | grep -c '"started_at":"' || true)"
if [[ "$bars" -ne "$searches" || "$searches" -eq 0 ]]; then
  echo "report-check: $bars timeline bars for $searches deep searches that started" >&2
  failed=1
fi
[[ -s "$out/report.png" ]] || { echo "report-check: no screenshot" >&2; failed=1; }
if [[ "$failed" -ne 0 ]]; then
  exit 1
fi
echo "report-check: ok: $bars bars for $searches deep searches, no console message, script ready" \
  "after ${ready} ms, $(wc -c <"$report") bytes; screenshot $out/report.png"
