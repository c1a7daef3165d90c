#!/bin/bash
# GA2 (gemv through the API, outputs closed) with the session-start jar (old) and this session's (new), alternating JVMs
D=$(cd "$(dirname "$0")" && pwd)
J=/tmp/jre/bin/java
[ -x $J ] || { mkdir -p /tmp/jre && tar xJf "$D/jre25.tar.xz" -C /tmp/jre; }
for t in 16 4; do for gc in G1 Parallel; do for i in 1 2; do for v in old new; do
  jar=$D/lib/bnb-backend-cpu-0.1.0-SNAPSHOT.jar; [ $v = old ] && jar=$D/old/bnb-backend-cpu-0.1.0-SNAPSHOT.jar
  echo "n=4096 threads=$t $gc $v: $($J -XX:+Use${gc}GC -Dn=4096 -Dbnb.cpu.threads=$t --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$D/ga:$D/lib/bnb-api-0.1.0-SNAPSHOT.jar:$jar" GA2 2>&1 | grep -v WARN | tail -4 | awk '{print $1"us/"$3"B"}' | tr '\n' ' ')"
done; done; done; done
