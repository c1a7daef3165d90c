#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
. "$D/preamble.sh"
bash "$D/run.sh" cpu-tests > /dev/null 2>&1; tail -8 "$OUT/cpu-tests.txt"
CPU_BENCH_ARGS="--rounds 3" bash "$D/run.sh" cpu-bench > /dev/null 2>&1
cat "$OUT/cpu-bench.txt"
for g in false true false true; do
  timeout 150 $J $F -Dbnb.cpu.gather=$g -cp "$CP" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 =quantize_blockwise.f32 =dequantize_blockwise.f32 =dequantize_blockwise.bf16 optimizer_8bit 2>&1 | grep -E "quantizeBlockwise|dequantizeBlockwise|optimizer" | sed "s/^/gather=$g /"
done | tee "$OUT/ab-gather-final.txt"
