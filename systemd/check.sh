#!/bin/sh
# Checks systemd/storywatch.service: installs a storywatch binary at the
# unit's ExecStart path (systemd-analyze verify refuses a unit whose command
# does not exist), verifies the unit, and fails when
# `systemd-analyze security --offline=true` scores its exposure above 1.5.
#
# Usage: systemd/check.sh [BINARY]   (default: go build ./cmd/storywatch)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
unit="$here/storywatch.service"
max=1.5
bin=${1:-}

exec_path=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
[ -n "$exec_path" ] || { echo "check.sh: no ExecStart in $unit" >&2; exit 1; }

if [ -z "$bin" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	bin="$tmp/storywatch"
	(cd "$here/.." && CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/storywatch)
fi
install -D -m 0755 "$bin" "$exec_path"

echo "systemd-analyze verify $unit"
systemd-analyze verify "$unit"

echo "systemd-analyze security --offline=true $unit"
out=$(systemd-analyze security --offline=true "$unit" 2>&1) || { echo "$out" >&2; exit 1; }
score=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
[ -n "$score" ] || { printf '%s\n' "$out" >&2; echo "check.sh: no exposure score found" >&2; exit 1; }
if awk -v s="$score" -v m="$max" 'BEGIN { exit !(s > m) }'; then
	printf '%s\n' "$out" | grep '✗' >&2 || true
	echo "check.sh: exposure $score is above $max" >&2
	exit 1
fi
echo "exposure $score (limit $max): ok"
