#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
. "$D/preamble.sh"
for run in "4 false" "4 true" "4 false" "4 true" "16 false" "16 true" "16 false" "16 true"; do
  set -- $run
  timeout 150 $J $F -Dbnb.cpu.threads=$1 -Dbnb.cpu.gather=$2 -cp "$CP" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 =quantize_blockwise.f32 =dequantize_blockwise.f32 =dequantize_blockwise.bf16 optimizer_8bit 2>&1 | grep -E "quantizeBlockwise|dequantizeBlockwise|optimizer" | awk -v t=$1 -v g=$2 '{print "T=" t " gather=" g, $1, $4, $5, $10}'
done | tee "$OUT/ab-gather-t4-t16.txt"
