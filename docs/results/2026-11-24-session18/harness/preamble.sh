# Shared start of the session-18 device scripts, sourced after they set D (the kit folder, next to run.sh):
# results folder, the kit's JRE unpacked once, and the CPU class paths and JVM flags they ran with.
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT" "${JRE:-/tmp/jre}"
[ -x "${JRE:-/tmp/jre}/bin/java" ] || tar xJf "$D/jre25.tar.xz" -C "${JRE:-/tmp/jre}"
J=${JRE:-/tmp/jre}/bin/java
# the kit's jars without the CUDA backend and JUnit; BASE also without the CPU backend (scripts add the jar they compare)
CP=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | tr '\n' ':')
BASE=$(ls "$D"/lib/*.jar | grep -v cuda | grep -v junit | grep -v bnb-backend-cpu | tr '\n' ':')
F="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx${XMX:-40g}"
