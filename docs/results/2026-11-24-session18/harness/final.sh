#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
. "$D/preamble.sh"
CPU_BENCH_ARGS="--rounds 3" bash "$D/run.sh" cpu-bench > /dev/null 2>&1
cat "$OUT/cpu-bench.txt"
base=$BASE
for v in old new old new; do
  jar=$( [ $v = old ] && ls "$D"/old/bnb-backend-cpu-*.jar || ls "$D"/lib/bnb-backend-cpu-*.jar )
  timeout 120 $J $F -cp "$base$jar" io.bnb.bench.OpBenchMain --backend cpu --rounds 3 =gemv_4bit.4096 =gemv_4bit.11008 2>&1 | grep gemv | sed "s/^/$v /"
done | tee "$OUT/ab-gemv-bench.txt"
