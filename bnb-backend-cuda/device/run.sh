#!/bin/bash
# GPU run of the CUDA backend: JUnit tests (GPU tests enabled when a device is present) and the
# timing harness. Usage: bash DIR/run.sh [all|tests|bench|firstcalls|sweep|profile]; results go to $OUT (default /tmp/out).
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}
WHAT=${1:-all}
mkdir -p "$OUT" /tmp/jre
[ -x /tmp/jre/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
CP=$(ls "$D"/lib/*.jar | grep -v junit-platform-console | tr '\n' ':')
FLAGS="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xss4m"
for p in /usr/local/cuda/lib64/libcublasLt.so.13 /usr/local/cuda-13.0/targets/x86_64-linux/lib/libcublasLt.so.13; do
  [ -e "$p" ] && { export BNB_CUBLASLT=$p; break; }
done
{ nvidia-smi; echo "BNB_CUBLASLT=${BNB_CUBLASLT:-unset}"; ldconfig -p | grep -i cublaslt; } > "$OUT/env.txt" 2>&1
if [ "$WHAT" = all ] || [ "$WHAT" = tests ]; then
  timeout ${TEST_TIMEOUT:-330} $J $FLAGS -Xmx24g -jar "$D/lib/junit-platform-console-standalone-1.14.4.jar" execute -cp "$CP" \
    --select-package io.bnb.backend.cuda --reports-dir="$OUT/reports" --details=tree --disable-banner > "$OUT/tests.txt" 2>&1
  echo "tests exit $?" >> "$OUT/tests.txt"
  tail -25 "$OUT/tests.txt"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = bench ]; then
  timeout ${BENCH_TIMEOUT:-200} $J $FLAGS -Xmx40g -cp "$CP" io.bnb.backend.cuda.bench.CudaBench --out "$OUT/bench.json" ${BENCH_ARGS:-} > "$OUT/bench.txt" 2>&1
  echo "bench exit $?" >> "$OUT/bench.txt"
  cat "$OUT/bench.txt"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = firstcalls ]; then
  # first calls in fresh JVMs, cold and after Backend.warmUp() (io.bnb.bench.FirstCalls)
  timeout ${FIRST_TIMEOUT:-240} $J $FLAGS -Xmx24g -cp "$CP" io.bnb.bench.FirstCallsMain --backend cuda > "$OUT/firstcalls.txt" 2>&1
  echo "firstcalls exit $?" >> "$OUT/firstcalls.txt"
  cat "$OUT/firstcalls.txt"
fi
if [ "$WHAT" = sweep ]; then
  for cfg in "4 0" "4 8" "8 5"; do set -- $cfg; echo "== BNB_CUDA_GEMM_MT8=$1 SPLITS=$2"; BNB_CUDA_GEMM_MT8=$1 BNB_CUDA_GEMM_SPLITS=$2 timeout 60 $J $FLAGS -Xmx40g -cp "$CP" io.bnb.backend.cuda.bench.CudaBench --out /tmp/s.json --only gemm_4bit 2>&1 | grep gemm; done
  for r in 4; do echo "== BNB_CUDA_GEMV_ROWS=$r"; BNB_CUDA_GEMV_ROWS=$r timeout 60 $J $FLAGS -Xmx40g -cp "$CP" io.bnb.backend.cuda.bench.CudaBench --out /tmp/s.json --only gemv_4bit 2>&1 | grep gemv; done
fi
if [ "$WHAT" = profile ]; then
  NCU=$(command -v ncu || ls /usr/local/cuda/bin/ncu /usr/local/cuda-13.0/bin/ncu /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | head -1)
  echo "ncu: $NCU"; [ -n "$NCU" ] || exit 0
  prof() { # name kernel-regex skip only-filter
    timeout 90 $NCU --target-processes all -k "regex:$2" --launch-skip $3 -c 1 --section SpeedOfLight --section Occupancy \
      --section WarpStateStats --section LaunchStats --section MemoryWorkloadAnalysis \
      $J $FLAGS -Xmx40g -cp "$CP" io.bnb.backend.cuda.bench.CudaBench --out /tmp/p.json --reps 2 --rounds 1 --only $4 > "$OUT/ncu_$1.txt" 2>&1
    echo "== $1"; grep -E "Duration|Memory Throughput|DRAM Throughput|Compute \(SM\) Throughput|Achieved Occupancy|Registers Per|Stall|Issued Warp|No Eligible|Theoretical Occupancy|Waves Per SM" "$OUT/ncu_$1.txt" | head -30
  }
  prof gemv 'k_gemv4' 17 gemv_4bit
  prof q4 'k_quantize_blockwise' 3 quantize_4bit
  prof q8 'k_quantize_blockwiseIfLi4' 3 quantize_blockwise
  prof opt8 'k_opt8' 3 optimizer
  prof gemm64 'k_gemm4_mmaI13__nv_bfloat16Li8' 3 gemm_4bit
  prof int8 'k_int8_rows_vec' 3 int8_vectorwise_quant
fi
