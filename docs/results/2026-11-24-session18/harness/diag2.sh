#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
JRE=/tmp/jre2 XMX=32g . "$D/preamble.sh"
{ python3 -c "import bitsandbytes as b, torch; print('bitsandbytes', b.__version__, 'torch', torch.__version__, torch.get_num_threads())" 2>&1; pip list 2>/dev/null | grep -i -E "bitsandbytes|torch"; } > "$OUT/py.txt"
cat "$OUT/py.txt"
base=$BASE$D/diag.jar
NEW=$base:$(ls "$D"/lib/bnb-backend-cpu-*.jar); OLD=$base:$(ls "$D"/old/bnb-backend-cpu-*.jar)
for i in 1 2 3; do
  for v in OLD NEW; do cp=${!v}; timeout 100 $J $F -cp "$cp" diag.Diag gemv_4bit 2>&1 | grep -v WARN | sed "s/^/$v /"; done
done | tee "$OUT/ab-gemv.txt"
timeout 200 $J $F -XX:StartFlightRecording=filename=$OUT/t16.jfr,settings=profile -cp "$NEW" diag.Diag =quantize_blockwise.f32 optimizer_8bit int8_linear_matmul dequantize_4bit.bf16 > "$OUT/jfr-run.txt" 2>&1
cat "$OUT/jfr-run.txt" | grep -v WARN
