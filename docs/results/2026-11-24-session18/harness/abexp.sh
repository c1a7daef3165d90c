#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
. "$D/preamble.sh"
base=$BASE
for run in "16 cur" "16 exp" "16 cur" "16 exp" "4 cur" "4 exp" "4 cur" "4 exp"; do
  set -- $run
  jar=$( [ $2 = cur ] && ls "$D"/lib/bnb-backend-cpu-*.jar || ls "$D"/exp/bnb-backend-cpu-*.jar )
  timeout 100 $J $F -Dbnb.cpu.threads=$1 -cp "$base$jar" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 =int8_linear_matmul.m16 =gemm_4bit.m16 2>&1 | grep -E "int8Linear|gemm4bit" | sed "s/^/T=$1 $2 /"
done | tee "$OUT/ab-lanes-m16.txt"
