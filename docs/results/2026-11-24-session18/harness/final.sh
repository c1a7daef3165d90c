#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
CPU_BENCH_ARGS="--rounds 3" bash "$D/run.sh" cpu-bench > /dev/null 2>&1
cat "$OUT/cpu-bench.txt"
J=/tmp/jre/bin/java
base=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | grep -v bnb-backend-cpu | tr '\n' ':')
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx40g"
for v in old new old new; do
  jar=$( [ $v = old ] && ls "$D"/old/bnb-backend-cpu-*.jar || ls "$D"/lib/bnb-backend-cpu-*.jar )
  timeout 120 $J $F -cp "$base$jar" io.bnb.bench.OpBenchMain --backend cpu --rounds 3 =gemv_4bit.4096 =gemv_4bit.11008 2>&1 | grep gemv | sed "s/^/$v /"
done | tee "$OUT/ab-gemv-bench.txt"
