#!/bin/bash
# Assembles a folder that runs this module's GPU tests and timing harness on a machine with an
# NVIDIA GPU and no Java or Maven: a jlinked JRE, the jars, and run.sh.
#   bnb-backend-cuda/device/prepare.sh DEST     (after ./mvnw -pl bnb-backend-cuda,bnb-bench -am package)
# Then on the GPU machine, from DEST's parent: bash DEST/run.sh [all|tests|bench|firstcalls|sweep|profile|cpu-tests|cpu-matrix|cpu-bench]...
# (results under $OUT, default /tmp/out).
set -euo pipefail
dest=${1:?usage: prepare.sh DEST}
root=$(cd "$(dirname "$0")/../.." && pwd)
m2=${M2_REPO:-$HOME/.m2/repository}
jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mkdir -p "$dest/lib"
rm -f "$dest"/lib/*.jar
# a small runtime for a machine without Java, packed to travel (MAKE_JRE=script DEST to build it another way);
# jdk.jfr is in it so that profiles can be recorded there
if [ ! -f "$dest/jre25.tar.xz" ]; then
  if [ -n "${MAKE_JRE:-}" ]; then "$MAKE_JRE" "$dest"; else
    tmp=$(mktemp -d)
    "$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,java.xml,jdk.zipfs,jdk.unsupported,jdk.incubator.vector,jdk.management,jdk.jfr,jdk.management.jfr \
      --strip-debug --no-man-pages --no-header-files --output "$tmp/jre" >/dev/null
    tar cJf "$dest/jre25.tar.xz" -C "$tmp/jre" .
    rm -rf "$tmp"
  fi
fi
cp "$root"/bnb-api/target/bnb-api-*.jar "$root"/bnb-backend-cpu/target/bnb-backend-cpu-*.jar \
   "$root"/bnb-backend-cuda/target/bnb-backend-cuda-*.jar "$root"/bnb-safetensors/target/bnb-safetensors-*.jar \
   "$root"/bnb-conformance/target/bnb-conformance-0.1.0-SNAPSHOT.jar "$root"/bnb-bench/target/bnb-bench-0.1.0-SNAPSHOT.jar \
   "$m2"/com/grack/nanojson/1.10/nanojson-1.10.jar "$m2"/org/bytedeco/javacpp/1.5.14/javacpp-1.5.14.jar \
   "$m2"/org/junit/platform/junit-platform-console-standalone/1.14.4/junit-platform-console-standalone-1.14.4.jar "$dest/lib/"
"$jdk/bin/jar" cf "$dest/lib/bnb-backend-cuda-tests.jar" -C "$root/bnb-backend-cuda/target/test-classes" .
# the CPU module's tests stay out of lib/ (their package would join the CUDA test selection's class path only for cpu-tests)
"$jdk/bin/jar" cf "$dest/cpu-tests.jar" -C "$root/bnb-backend-cpu/target/test-classes" .
cp "$root/bnb-backend-cuda/device/run.sh" "$dest/run.sh"
du -sh "$dest"
