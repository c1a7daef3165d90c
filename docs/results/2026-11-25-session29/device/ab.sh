#!/bin/bash
# quantizeBlockwise F32 rows with the session's start jar (base) and this session's CPU jar, alternating JVMs
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}
J=/tmp/jre/bin/java
FLAGS="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xss4m"
NEW=$(ls "$D"/lib/*.jar | grep -v junit-platform-console | tr '\n' ':')
OLD=$(echo "$NEW" | tr ':' '\n' | grep -v bnb-backend-cpu | tr '\n' ':')$D/base-cpu.jar
for round in 1 2 3; do
  for v in old new; do
    if [ $v = old ]; then CP=$OLD; else CP=$NEW; fi
    echo "== round $round $v"
    timeout 120 $J $FLAGS -XX:+UseParallelGC -Xmx40g -cp "$CP" io.bnb.bench.OpBenchMain --backend cpu \
      quantize_blockwise.f32 quantize_blockwise.f32.bs4096 quantize_blockwise.f32.4mi quantize_4bit.f32.4096 2>&1 | grep -E "^(quantize|copy)"
  done
done
