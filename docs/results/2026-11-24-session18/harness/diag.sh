#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" /tmp/jre
[ -x /tmp/jre/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
CP=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | tr '\n' ':')$D/diag.jar
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx32g"
for T in ${PROBE_T:-1 2 4 8 16}; do timeout 60 $J $F -Dbnb.cpu.threads=$T ${JX:-} -cp "$CP" io.bnb.backend.cpu.ParProbe 2>&1 | grep -v WARN; done | tee "$OUT/probe.txt"
for T in ${DIAG_T:-1 2 4 8 16}; do timeout 120 $J $F -Dbnb.cpu.threads=$T ${JX:-} -cp "$CP" diag.Diag ${IDS:-gemv_4bit int8_linear_matmul dequantize_4bit.bf16 =quantize_blockwise.f32 optimizer_8bit} 2>&1 | grep -v WARN; done | tee "$OUT/diag.txt"
if [ -n "${JFR:-}" ]; then
  timeout 120 $J $F -XX:StartFlightRecording=filename=$OUT/t16.jfr,settings=profile ${JX:-} -cp "$CP" diag.Diag $JFR > "$OUT/jfr-run.txt" 2>&1
fi
