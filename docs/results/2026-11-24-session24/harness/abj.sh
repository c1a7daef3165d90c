#!/bin/bash
# usage: abj.sh rounds "jarA jarB" ids...   (OpBenchMain, alternating jars)
R=$1; JARS=$2; shift 2
cd /work/main; J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
BASE=bnb-api/target/bnb-api-0.1.0-SNAPSHOT.jar:bnb-bench/target/bnb-bench-0.1.0-SNAPSHOT.jar:/root/.m2/repository/com/grack/nanojson/1.10/nanojson-1.10.jar
for r in $(seq $R); do for jar in $JARS; do
  $J/java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC $JOPTS -cp $BASE:$jar io.bnb.bench.OpBenchMain --backend cpu "$@" --json /tmp/s24/abj.json >/dev/null 2>&1
  python3 -c "
import json
for x in json.load(open('/tmp/s24/abj.json')):
  if x['id']!='copy': print('%-22s %-34s %9.1f us  %s  alloc %.1f MB'%('$jar'.split('/')[-1][:22], x['id'], x['us'], x.get('copy_ratio'), x.get('alloc_bytes_per_call',0)/1e6))"
done; done
