#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" /tmp/jre
[ -x /tmp/jre/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
CP=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | tr '\n' ':')
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx40g"
for run in "4 false" "4 true" "4 false" "4 true" "16 false" "16 true" "16 false" "16 true"; do
  set -- $run
  timeout 150 $J $F -Dbnb.cpu.threads=$1 -Dbnb.cpu.gather=$2 -cp "$CP" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 =quantize_blockwise.f32 =dequantize_blockwise.f32 =dequantize_blockwise.bf16 optimizer_8bit 2>&1 | grep -E "quantizeBlockwise|dequantizeBlockwise|optimizer" | awk -v t=$1 -v g=$2 '{print "T=" t " gather=" g, $1, $4, $5, $10}'
done | tee "$OUT/ab-gather-t4-t16.txt"
