#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" /tmp/jre
[ -x /tmp/jre/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
CP=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | tr '\n' ':')
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx40g"
IDS="=quantize_blockwise.f32 =quantize_blockwise.bf16 =quantize_blockwise.f32.bs4096 optimizer_8bit"
for run in "16 false" "16 true" "16 false" "16 true" "16 false" "16 true" "4 false" "4 true" "4 false" "4 true"; do
  set -- $run; T=$1; g=$2
  timeout 150 $J $F -Dbnb.cpu.threads=$T -Dbnb.cpu.gather=$g -cp "$CP" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 $IDS 2>&1 | grep -E "quantizeBlockwise|optimizer" | sed "s/^/T=$T gather=$g /" | tee -a "$OUT/ab-gather.txt"
done
