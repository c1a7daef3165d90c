#!/bin/bash
# usage: benchmon.sh LABEL CLASSDIR ; one filtered bench run; reports whether a compiler process ran at any time during it
cd /work/wt/cpu4
for w in $(seq 60); do pgrep -f "cicc|ptxas|nvcc|cudafe" >/dev/null || break; sleep 3; done
( seen=0; while [ ! -f /tmp/cpu4/stopmon ]; do pgrep -f "cicc|ptxas|nvcc|cudafe" >/dev/null && seen=1; sleep 0.5; done; echo $seen > /tmp/cpu4/monresult ) &
rm -f /tmp/cpu4/stopmon /tmp/cpu4/monresult
echo "== $1 start $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
CLS=$2 timeout 400 /tmp/cpu4/bench.sh quantize_blockwise dequantize_blockwise quantize_4bit dequantize_4bit optimizer_8bit | tail -n +3
touch /tmp/cpu4/stopmon; sleep 1; echo "== $1 end $(date +%T); compiler process seen during run: $(cat /tmp/cpu4/monresult)"
