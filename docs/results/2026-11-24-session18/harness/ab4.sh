#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
. "$D/preamble.sh"
base=$BASE
for T in 1 4; do for v in old new old new; do
  jar=$( [ $v = old ] && ls "$D"/old/bnb-backend-cpu-*.jar || ls "$D"/lib/bnb-backend-cpu-*.jar )
  timeout 120 $J $F -Dbnb.cpu.threads=$T -cp "$base$jar" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 =gemv_4bit.4096 =gemv_4bit.11008 2>&1 | grep gemv | sed "s/^/T=$T $v /"
done; done | tee "$OUT/ab-gemv-threads.txt"
