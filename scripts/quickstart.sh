#!/usr/bin/env bash
# Runs the README's quick start verbatim, in a scratch copy of the database,
# and checks that it ends with two versions of the story.
set -euo pipefail
cd "$(dirname "$0")/.."
block=$(awk '/^## Quick start/{q=1} q&&/^```sh$/{c=1;next} c&&/^```$/{exit} c' README.md)
[ -n "$block" ] || { echo "quickstart: no sh block under '## Quick start' in README.md" >&2; exit 1; }
rm -f quickstart.db quickstart.db-wal quickstart.db-shm
out=$(bash -euo pipefail -c "$block" 2>&1) || { echo "$out"; echo "quickstart: the README's quick start failed" >&2; exit 1; }
echo "$out" | grep -q '^v2 ' || { echo "$out"; echo "quickstart: history shows no second version" >&2; exit 1; }
rm -f quickstart.db quickstart.db-wal quickstart.db-shm
echo "quickstart: ok"
