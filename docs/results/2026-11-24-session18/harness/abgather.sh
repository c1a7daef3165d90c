#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
. "$D/preamble.sh"
IDS="=quantize_blockwise.f32 =quantize_blockwise.bf16 =quantize_blockwise.f32.bs4096 optimizer_8bit"
for run in "16 false" "16 true" "16 false" "16 true" "16 false" "16 true" "4 false" "4 true" "4 false" "4 true"; do
  set -- $run; T=$1; g=$2
  timeout 150 $J $F -Dbnb.cpu.threads=$T -Dbnb.cpu.gather=$g -cp "$CP" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 $IDS 2>&1 | grep -E "quantizeBlockwise|optimizer" | sed "s/^/T=$T gather=$g /" | tee -a "$OUT/ab-gather.txt"
done
