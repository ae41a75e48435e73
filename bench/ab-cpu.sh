#!/bin/bash
# Paired before/after runs of `check` and `build --search off` on one corpus, taking turns,
# with wall time, CPU (user, system) and peak RSS from /usr/bin/time, and the load average.
#   bench/ab-cpu.sh BEFORE_BINARY AFTER_BINARY CORPUS RUNS
# e.g. bench/ab-cpu.sh /tmp/old/groundwork .build-bench/release/groundwork bench/work/corpus-1000 5
set -euo pipefail
before=$1; after=$2; corpus=$3; runs=$4
templates="$(cd "$(dirname "$0")/.." && pwd)/templates"
scratch=$(mktemp -d)
echo "which command run wall_s user_s sys_s peak_kb load1"
for i in $(seq 1 "$runs"); do
  for which in before after; do
    bin=$before; [ "$which" = after ] && bin=$after
    for command in check build; do
      args=("$command" --content "$corpus" --templates "$templates")
      [ "$command" = build ] && args+=(--out "$scratch/$which-$i" --search off)
      /usr/bin/time -o "$scratch/time" -f "%e %U %S %M" "$bin" "${args[@]}" >/dev/null 2>&1 || true
      figures=$(tail -1 "$scratch/time")
      echo "$which $command $i $figures $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
rm -rf "$scratch"
