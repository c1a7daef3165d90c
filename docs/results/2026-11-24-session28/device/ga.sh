#!/bin/bash
# gemv through the API, back to back, each output closed (harness GA2): G1 and ParallelGC, 16 and 2 threads
D=$(cd "$(dirname "$0")" && pwd)
J=/tmp/jre/bin/java
[ -x $J ] || { mkdir -p /tmp/jre && tar xJf "$D/jre25.tar.xz" -C /tmp/jre; }
CP="$D/ga:$D/lib/bnb-api-0.1.0-SNAPSHOT.jar:$D/lib/bnb-backend-cpu-0.1.0-SNAPSHOT.jar"
for n in 4096 11008; do for t in 16 2; do for gc in G1 Parallel; do
  echo "n=$n threads=$t $gc: $($J -XX:+Use${gc}GC -Dn=$n -Dbnb.cpu.threads=$t --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$CP" GA2 2>&1 | grep -v WARN | tail -5 | awk '{print $1"us/"$3"B"}' | tr '\n' ' ')"
done; done; done
