#!/bin/bash
# Session 20: the session-19 CPU jar (base/, 46ed449) against this session's (lib/), alternating JVMs, on this host's CPU.
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" /tmp/jre
[ -x /tmp/jre/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
BASE=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | grep -v bnb-backend-cpu | tr '\n' ':')
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx40g"
IDS="${IDS:-quantize_4bit.bf16 =dequantize_4bit.bf16}"
for i in 1 2 3; do for v in base lib; do
  timeout 120 $J $F -cp "$BASE$D/$v/bnb-backend-cpu-0.1.0-SNAPSHOT.jar" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 $IDS 2>&1 \
    | grep -E "^(quantize|dequantize|optimizer|gemv|gemm|int8)" | sed "s/^/$v /" | tee -a "$OUT/ab20.txt"
done; done
