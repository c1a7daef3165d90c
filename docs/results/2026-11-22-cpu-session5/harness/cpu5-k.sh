#!/bin/bash
# alternating base/new single-thread kernel timing: k.sh CLASS [N]
cd /work/wt/cpu5
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
F="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
for i in $(seq ${N:-3}); do for b in base new; do
  if [ $b = base ]; then C=/tmp/cpu5-base/classes; else C=bnb-backend-cpu/target/classes; fi
  echo "$b load $(cut -d' ' -f1 /proc/loadavg) $($J $F $JOPTS -cp bnb-api/target/classes:$C:/tmp/h/cls "$@" 2>/dev/null)"
done; done
