#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" /tmp/jre
[ -x /tmp/jre/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
base=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | grep -v bnb-backend-cpu | tr '\n' ':')
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx40g"
for T in 1 4; do for v in old new old new; do
  jar=$( [ $v = old ] && ls "$D"/old/bnb-backend-cpu-*.jar || ls "$D"/lib/bnb-backend-cpu-*.jar )
  timeout 120 $J $F -Dbnb.cpu.threads=$T -cp "$base$jar" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 =gemv_4bit.4096 =gemv_4bit.11008 2>&1 | grep gemv | sed "s/^/T=$T $v /"
done; done | tee "$OUT/ab-gemv-threads.txt"
