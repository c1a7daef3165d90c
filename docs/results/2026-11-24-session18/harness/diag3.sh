#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
JRE=/tmp/jre2 XMX=32g . "$D/preamble.sh"
CP=$CP$D/diag.jar
for i in 1 2; do timeout 100 $J $F -cp "$CP" diag.Trace gemv_4bit.4096 gemv_4bit.11008 gemv_4bit.4096 2>&1 | grep -v WARN | awk 'NR%6==1' | sed "s/^/run$i /"; done | tee "$OUT/trace.txt"
timeout 100 $J $F -XX:+PrintCompilation -Xlog:gc -cp "$CP" diag.Trace gemv_4bit.4096 > "$OUT/trace-comp.txt" 2>&1
grep -E "gemv_4bit|FourBitGemv|Parallel|FourBitMatmul|GC\(" "$OUT/trace-comp.txt" | head -60
