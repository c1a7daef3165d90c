#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" /tmp/jre2
[ -x /tmp/jre2/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre2
J=/tmp/jre2/bin/java
CP=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | tr '\n' ':')$D/diag.jar
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx32g"
for i in 1 2; do timeout 100 $J $F -cp "$CP" diag.Trace gemv_4bit.4096 gemv_4bit.11008 gemv_4bit.4096 2>&1 | grep -v WARN | awk 'NR%6==1' | sed "s/^/run$i /"; done | tee "$OUT/trace.txt"
timeout 100 $J $F -XX:+PrintCompilation -Xlog:gc -cp "$CP" diag.Trace gemv_4bit.4096 > "$OUT/trace-comp.txt" 2>&1
grep -E "gemv_4bit|FourBitGemv|Parallel|FourBitMatmul|GC\(" "$OUT/trace-comp.txt" | head -60
