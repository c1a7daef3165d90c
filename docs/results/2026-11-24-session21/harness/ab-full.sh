#!/bin/bash
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
M=/work/main
BASE=$M/bnb-api/target/bnb-api-0.1.0-SNAPSHOT.jar:$M/bnb-bench/target/bnb-bench-0.1.0-SNAPSHOT.jar:/root/.m2/repository/com/grack/nanojson/1.10/nanojson-1.10.jar
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
for i in ${ROUNDS:-1 2}; do for v in old new; do
  $J $F -cp $BASE:$(ls /tmp/ab/$v/*.jar) io.bnb.bench.OpBenchMain --backend cpu --rounds 2 "$@" 2>&1 | grep -E "^[a-z]" | grep -v "^backend\|^WARN" | awk -v v=$v '{print v, $0}' | cut -c1-150
done; done
