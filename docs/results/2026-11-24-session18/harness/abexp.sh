#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" /tmp/jre
[ -x /tmp/jre/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
base=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | grep -v bnb-backend-cpu | tr '\n' ':')
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx40g"
for run in "16 cur" "16 exp" "16 cur" "16 exp" "4 cur" "4 exp" "4 cur" "4 exp"; do
  set -- $run
  jar=$( [ $2 = cur ] && ls "$D"/lib/bnb-backend-cpu-*.jar || ls "$D"/exp/bnb-backend-cpu-*.jar )
  timeout 100 $J $F -Dbnb.cpu.threads=$1 -cp "$base$jar" io.bnb.bench.OpBenchMain --backend cpu --rounds 2 =int8_linear_matmul.m16 =gemm_4bit.m16 2>&1 | grep -E "int8Linear|gemm4bit" | sed "s/^/T=$1 $2 /"
done | tee "$OUT/ab-lanes-m16.txt"
