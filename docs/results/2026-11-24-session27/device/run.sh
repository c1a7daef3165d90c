#!/bin/bash
# gemv 4096x4096 and 11008x4096 (bf16 row, NF4) on the host CPU: session 26 kernel (old) against this session's (new), alternating JVMs
set -u
D=$(cd "$(dirname "$0")" && pwd)
mkdir -p /tmp/jre && tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
lscpu | grep -E "Model name|^CPU\(s\)|Flags" | sed 's/Flags:.*avx512vbmi.*/Flags: (has avx512vbmi)/' | cut -c1-120
$J --add-modules jdk.incubator.vector -cp "$D/bnb-api-0.1.0-SNAPSHOT.jar:$D/new/bnb-backend-cpu-0.1.0-SNAPSHOT.jar" -XshowSettings:none -version 2>&1 | head -1
for threads in 16 2; do
  for rows in 4096 11008; do
    for i in 1 2 3; do
      for v in new old; do
        echo -n "threads=$threads $v "
        $J --add-modules jdk.incubator.vector -Dbnb.cpu.threads=$threads -cp "$D/bnb-api-0.1.0-SNAPSHOT.jar:$D/$v/bnb-backend-cpu-0.1.0-SNAPSHOT.jar:$D/check.jar" io.bnb.backend.cpu.GemvSpeedCheck $rows fast 80 2>&1 | grep -v WARN | cut -c1-80
      done
    done
  done
done
