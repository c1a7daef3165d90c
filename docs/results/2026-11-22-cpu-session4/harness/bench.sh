cd /work/wt/cpu4
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JMH=/root/.m2/repository/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar
CLS=${CLS:-bnb-backend-cpu/target/classes}
$J --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xss4m $JOPTS -cp bnb-api/target/classes:$CLS:bnb-bench/target/classes:$JMH io.bnb.bench.OpBenchMain --backend cpu "$@" 2>&1 | grep -v "^WARNING" 
