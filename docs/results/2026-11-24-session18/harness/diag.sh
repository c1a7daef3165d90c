#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
XMX=32g . "$D/preamble.sh"
CP=$CP$D/diag.jar
for T in ${PROBE_T:-1 2 4 8 16}; do timeout 60 $J $F -Dbnb.cpu.threads=$T ${JX:-} -cp "$CP" io.bnb.backend.cpu.ParProbe 2>&1 | grep -v WARN; done | tee "$OUT/probe.txt"
for T in ${DIAG_T:-1 2 4 8 16}; do timeout 120 $J $F -Dbnb.cpu.threads=$T ${JX:-} -cp "$CP" diag.Diag ${IDS:-gemv_4bit int8_linear_matmul dequantize_4bit.bf16 =quantize_blockwise.f32 optimizer_8bit} 2>&1 | grep -v WARN; done | tee "$OUT/diag.txt"
if [ -n "${JFR:-}" ]; then
  timeout 120 $J $F -XX:StartFlightRecording=filename=$OUT/t16.jfr,settings=profile ${JX:-} -cp "$CP" diag.Diag $JFR > "$OUT/jfr-run.txt" 2>&1
fi
