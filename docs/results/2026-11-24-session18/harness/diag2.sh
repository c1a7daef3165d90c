#!/bin/bash
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" /tmp/jre2
[ -x /tmp/jre2/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre2
J=/tmp/jre2/bin/java
{ python3 -c "import bitsandbytes as b, torch; print('bitsandbytes', b.__version__, 'torch', torch.__version__, torch.get_num_threads())" 2>&1; pip list 2>/dev/null | grep -i -E "bitsandbytes|torch"; } > "$OUT/py.txt"
cat "$OUT/py.txt"
base=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | grep -v bnb-backend-cpu | tr '\n' ':')$D/diag.jar
NEW=$base:$(ls "$D"/lib/bnb-backend-cpu-*.jar); OLD=$base:$(ls "$D"/old/bnb-backend-cpu-*.jar)
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx32g"
for i in 1 2 3; do
  for v in OLD NEW; do cp=${!v}; timeout 100 $J $F -cp "$cp" diag.Diag gemv_4bit 2>&1 | grep -v WARN | sed "s/^/$v /"; done
done | tee "$OUT/ab-gemv.txt"
timeout 200 $J $F -XX:StartFlightRecording=filename=$OUT/t16.jfr,settings=profile -cp "$NEW" diag.Diag =quantize_blockwise.f32 optimizer_8bit int8_linear_matmul dequantize_4bit.bf16 > "$OUT/jfr-run.txt" 2>&1
cat "$OUT/jfr-run.txt" | grep -v WARN
