#!/usr/bin/env bash
# The long chaos soak: 200 deep + 1,000 filter jobs against the emulator with every fault kind on.
# Prints the figures and leaves them in orchestrator-core/target/chaos-report.md.
# Usage: scripts/chaos-soak.sh [DEEP] [FILTER]
set -euo pipefail
cd "$(dirname "$0")/.."
deep=${1:-200}
filter=${2:-1000}
mvn -B -q install -DskipTests -pl orchestrator-emulator -am
mvn -B -q -pl orchestrator-core test-compile surefire:test@default-test -Dtest=ChaosSoakTest \
  -Ds64.chaos.deep="$deep" -Ds64.chaos.filter="$filter"
cat orchestrator-core/target/chaos-report.md
