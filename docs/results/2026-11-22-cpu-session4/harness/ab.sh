#!/bin/bash
# usage: [BASE=/tmp/cpu4-base] [TS="taskset -c 1"] ab.sh CLASS ARGS... ; alternates base/new 3 times each, waiting for no compiler process; per-run median of the last 6 reps
cd /work/wt/cpu4
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
BASE=${BASE:-/tmp/cpu4-base}
for i in 1 2 3; do
 for b in base new; do
  while pgrep -f "cicc|ptxas|nvcc|cudafe|mvnw|maven" >/dev/null; do sleep 3; done
  if [ $b = base ]; then CP=bnb-api/target/classes:$BASE/classes:$BASE/test-classes; else CP=bnb-api/target/classes:bnb-backend-cpu/target/classes:bnb-backend-cpu/target/test-classes; fi
  load=$(cut -d' ' -f1 /proc/loadavg)
  $TS $J $F $JOPTS -cp $CP "$@" 2>/dev/null | grep -o 'adam [0-9.]* ms' | awk '{print $2}' | tail -6 | sort -n | awk -v b=$b -v l=$load '{a[NR]=$1} END {printf "%s median %.1f ms (of %d; load %s) all:", b, (a[3]+a[4])/2, NR, l; for(i=1;i<=NR;i++) printf " %s", a[i]; print ""}'
 done
done
