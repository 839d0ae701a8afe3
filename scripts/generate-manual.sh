#!/usr/bin/env bash
# Writes kith(1) to OUT from the command definitions, with swift-argument-parser's manual generator, then
# tidies what mandoc's lint flags in the generator's output: one sentence per line, no paragraph break
# right before a list item.  Usage: scripts/generate-manual.sh OUT DATE
set -euo pipefail
out=$1
date=$2
cd "$(dirname "$0")/.."
swift package --allow-writing-to-package-directory generate-manual --configuration debug --date "$date" \
    --authors "The Kith contributors" >/dev/null
generated=.build/plugins/GenerateManual/outputs/kith/kith.1
mkdir -p "$(dirname "$out")"
python3 - "$generated" "$out" <<'PY'
import re
import sys

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
tidy = []
for index, line in enumerate(lines):
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if line == ".Pp" and following.startswith(".It"):
        continue
    if line.startswith(".") or not line:
        tidy.append(line)
        continue
    # A sentence ends at ". " before a capital letter; mdoc wants each on its own line.
    tidy.extend(re.split(r"(?<=[.!?]) +(?=[A-Z])", line))
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(tidy))
PY
