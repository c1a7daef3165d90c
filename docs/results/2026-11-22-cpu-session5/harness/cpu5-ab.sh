#!/bin/bash
# usage: N=3 ab.sh OPS ; alternates base/new, separate JVMs, prints per-op medians
cd /work/wt/cpu5
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC"
BASE=${BASE:-/tmp/cpu5-base}
for i in $(seq ${N:-3}); do
 for b in base new; do
  while pgrep -f "cicc|ptxas|nvcc|cudafe" >/dev/null; do sleep 3; done
  if [ $b = base ]; then CP=bnb-api/target/classes:$BASE/classes:$BASE/test-classes; else CP=bnb-api/target/classes:bnb-backend-cpu/target/classes:bnb-backend-cpu/target/test-classes; fi
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "$b load $load: $($J $F $JOPTS -Drounds=${ROUNDS:-3} -Dper=${PER:-10} -cp $CP io.bnb.backend.cpu.ApiSpeedCheck "$@" 2>/dev/null | awk '{printf "%s %s us %s GB/s; ", $1, $3, $5}')"
 done
done
