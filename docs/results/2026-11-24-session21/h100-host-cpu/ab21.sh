#!/bin/bash
# Session 21: the session-20 CPU jar (base/) against this session's (lib/), alternating JVMs, on this host's CPU.
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" /tmp/jre
[ -x /tmp/jre/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
BASE=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | grep -v bnb-backend-cpu | tr '\n' ':')
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx40g"
IDS="${IDS:---only =gemv_4bit.4096 --only =gemv_4bit.11008 --only =quantize_blockwise.f32.4mi --only =dequantize_4bit.bf16 --only =int8_vectorwise_quant.bf16.t0 --only =optimizer_8bit_blockwise.adam --only =int8_double_quant}"
for i in 1 2 3; do for v in base lib; do
  timeout 150 $J $F -cp "$BASE$D/$v/bnb-backend-cpu-0.1.0-SNAPSHOT.jar" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 $IDS 2>&1 \
    | grep -E "^(quantize|dequantize|optimizer|gemv|gemm|int8)" | sed "s/^/$v /" | tee -a "$OUT/ab21.txt"
done; done
