#!/usr/bin/env bash
# Idle cost of `kith run` on examples/inbox: wake-ups over 60 s (context switches from /proc) and resident
# memory. Usage: scripts/idle-cost.sh [KITH_BINARY] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
kith=${1:-.build/release/kith}
seconds=${2:-60}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r examples/inbox "$work/inbox"
sed -e "s|inbox = \"inbox\"|inbox = \"$work/inbox\"|" -e "s|state_dir = \"state\"|state_dir = \"$work/state\"|" \
    examples/kith.toml > "$work/kith.toml"
"$kith" run --config "$work/kith.toml" > "$work/log" 2>&1 &
pid=$!
sleep 5   # start-up: first scan and the catch-up digest
switches() {
    awk '/^voluntary_ctxt_switches|^nonvoluntary_ctxt_switches/ {sum += $2} END {print sum}' /proc/$pid/task/*/status
}
before=$(switches)
sleep "$seconds"
after=$(switches)
rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
echo "idle: $((after - before)) wake-ups (context switches, all threads) in ${seconds} s; resident $((rss / 1024)) MB (targets: at most one a minute, under 50 MB)"
