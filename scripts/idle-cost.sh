#!/usr/bin/env bash
# Idle cost of `kith run` on examples/inbox: wake-ups over 60 s (context switches from /proc) and resident
# memory. With --source, also a feed fetched every 5 minutes from scripts/feed-test-server.py on 127.0.0.1:
# the fetches and the wake-ups between them. Usage: scripts/idle-cost.sh [KITH_BINARY] [SECONDS] [--source]
set -euo pipefail
cd "$(dirname "$0")/.."
kith=${1:-.build/release/kith}
seconds=${2:-60}
work=$(mktemp -d)
source=${3:-}
server=
trap 'kill $pid ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r examples/inbox "$work/inbox"
sed -e "s|inbox = \"inbox\"|inbox = \"$work/inbox\"|" -e "s|state_dir = \"state\"|state_dir = \"$work/state\"|" \
    examples/kith.toml > "$work/kith.toml"
if [ "$source" = --source ]; then
    python3 scripts/feed-test-server.py --log "$work/requests" > "$work/server" &
    server=$!
    until grep -q READY "$work/server" 2>/dev/null; do sleep 0.1; done
    port=$(cut -d' ' -f2 "$work/server")
    printf '\n[sources.feed]\nurl = "http://127.0.0.1:%s/cal.ics"\nevery = "5m"\ninsecure = true\n' "$port" >> "$work/kith.toml"
fi
"$kith" run --config "$work/kith.toml" > "$work/log" 2>&1 &
pid=$!
sleep 5   # start-up: first scan and the catch-up digest
# Each thread's switches ("TID COUNT" lines): a thread that ends between the two readings must not count as
# negative wake-ups, and one that starts counts whole.
switches() {
    for status in /proc/$pid/task/*/status; do
        awk -v tid="$(basename "$(dirname "$status")")" \
            '/^voluntary_ctxt_switches|^nonvoluntary_ctxt_switches/ {sum += $2} END {print tid, sum}' "$status"
    done
}
switches > "$work/before"
sleep "$seconds"
switches > "$work/after"
wakeups=$(awk 'NR == FNR {before[$1] = $2; next} {sum += $2 - ($1 in before ? before[$1] : 0)} END {print sum + 0}' \
    "$work/before" "$work/after")
rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
if [ "$source" = --source ]; then
    fetches=$(wc -l < "$work/requests")
    echo "with a source every 5 min: $fetches fetches (the first at start), $wakeups wake-ups (context switches, all threads) in ${seconds} s; resident $((rss / 1024)) MB"
else
    echo "idle: $wakeups wake-ups (context switches, all threads) in ${seconds} s; resident $((rss / 1024)) MB (targets: none while idle, under 50 MB)"
fi
