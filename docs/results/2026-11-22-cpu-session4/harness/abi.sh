#!/bin/bash
# usage: abi.sh OPS ROUNDS PER [build dirs...] ; in-process A/B; builds default: base prev new
cd /work/wt/cpu4
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
CP=bnb-api/target/classes:bnb-backend-cpu/target/classes:bnb-backend-cpu/target/test-classes
mkdir -p /tmp/cpu4/ab/out
$J/javac --add-modules jdk.incubator.vector -cp $CP -d /tmp/cpu4/ab/out /tmp/cpu4/ab/src/io/bnb/backend/cpu/AbRunner.java 2>&1 | grep -v warning
$J/javac -d /tmp/cpu4/ab/main /tmp/cpu4/ab/main/AbMain.java
OPS=$1; R=$2; P=$3; shift 3
B=${BUILDS:-/tmp/cpu4-base/classes:/tmp/cpu4-base/test-classes,bnb-backend-cpu/target/classes:bnb-backend-cpu/target/test-classes}
for w in $(seq 60); do pgrep -f "cicc|ptxas|nvcc|cudafe" >/dev/null || break; sleep 3; done
echo "load $(cut -d' ' -f1 /proc/loadavg) builds $B"
$J/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $JOPTS -Drunner=/tmp/cpu4/ab/out -cp bnb-api/target/classes:/tmp/cpu4/ab/main AbMain $B $OPS $R $P 2>&1 | grep -v WARN
echo "load after $(cut -d' ' -f1 /proc/loadavg)"
