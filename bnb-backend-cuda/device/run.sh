#!/bin/bash
# GPU run of the CUDA backend: JUnit tests (GPU tests enabled when a device is present) and the
# timing harness. Usage: bash DIR/run.sh [all|tests|bench|firstcalls|sweep|profile|cpu-tests|cpu-matrix|cpu-bench]...;
# results go to $OUT (default /tmp/out). The cpu-* modes run the CPU backend on the GPU host's own CPU (its unit tests,
# the conformance suite with its support matrix, and ./bnb bench's workloads), for comparisons with upstream's
# figures measured on that CPU (quoted in docs/results/2026-11-24-session18/README.md).
set -u
D=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/out}
WHATS=${*:-all}
mkdir -p "$OUT" /tmp/jre
want() { for w in $WHATS; do [ "$w" = all ] || [ "$w" = "$1" ] && return 0; done; return 1; }
only() { for w in $WHATS; do [ "$w" = "$1" ] && return 0; done; return 1; }
[ -x /tmp/jre/bin/java ] || tar xJf "$D/jre25.tar.xz" -C /tmp/jre
J=/tmp/jre/bin/java
CP=$(ls "$D"/lib/*.jar | grep -v junit-platform-console | tr '\n' ':')
FLAGS="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xss4m"
for p in /usr/local/cuda/lib64/libcublasLt.so.13 /usr/local/cuda-13.0/targets/x86_64-linux/lib/libcublasLt.so.13; do
  [ -e "$p" ] && { export BNB_CUBLASLT=$p; break; }
done
{ nvidia-smi; echo "BNB_CUBLASLT=${BNB_CUBLASLT:-unset}"; ldconfig -p | grep -i cublaslt; } > "$OUT/env.txt" 2>&1
if want tests; then
  timeout ${TEST_TIMEOUT:-330} $J $FLAGS -Xmx24g -jar "$D/lib/junit-platform-console-standalone-1.14.4.jar" execute -cp "$CP" \
    --select-package io.bnb.backend.cuda --reports-dir="$OUT/reports" --details=tree --disable-banner > "$OUT/tests.txt" 2>&1
  echo "tests exit $?" >> "$OUT/tests.txt"
  tail -25 "$OUT/tests.txt"
fi
if want bench; then
  timeout ${BENCH_TIMEOUT:-200} $J $FLAGS -Xmx40g -cp "$CP" io.bnb.backend.cuda.bench.CudaBench --out "$OUT/bench.json" ${BENCH_ARGS:-} > "$OUT/bench.txt" 2>&1
  echo "bench exit $?" >> "$OUT/bench.txt"
  cat "$OUT/bench.txt"
fi
if want firstcalls; then
  # first calls in fresh JVMs, cold and after Backend.warmUp() (io.bnb.bench.FirstCalls)
  timeout ${FIRST_TIMEOUT:-240} $J $FLAGS -Xmx24g -cp "$CP" io.bnb.bench.FirstCallsMain --backend cuda > "$OUT/firstcalls.txt" 2>&1
  echo "firstcalls exit $?" >> "$OUT/firstcalls.txt"
  cat "$OUT/firstcalls.txt"
fi
if only sweep; then
  for cfg in "4 0" "4 8" "8 5"; do set -- $cfg; echo "== BNB_CUDA_GEMM_MT8=$1 SPLITS=$2"; BNB_CUDA_GEMM_MT8=$1 BNB_CUDA_GEMM_SPLITS=$2 timeout 60 $J $FLAGS -Xmx40g -cp "$CP" io.bnb.backend.cuda.bench.CudaBench --out /tmp/s.json --only gemm_4bit 2>&1 | grep gemm; done
  for r in 4; do echo "== BNB_CUDA_GEMV_ROWS=$r"; BNB_CUDA_GEMV_ROWS=$r timeout 60 $J $FLAGS -Xmx40g -cp "$CP" io.bnb.backend.cuda.bench.CudaBench --out /tmp/s.json --only gemv_4bit 2>&1 | grep gemv; done
fi
if only profile; then
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
if only cpu-tests; then
  # the CPU module's unit tests on this host's CPU (AVX-512 where the host has it), from the class path and without the
  # CUDA jars; DiscoveryTest is left out: it checks the module path and a machine without other backends, which CI covers
  CPUCP=$(echo "$CP" | tr ':' '\n' | grep -v cuda | tr '\n' ':')
  timeout ${CPU_TEST_TIMEOUT:-300} $J $FLAGS -Xmx24g -jar "$D/lib/junit-platform-console-standalone-1.14.4.jar" execute \
    -cp "$CPUCP$D/cpu-tests.jar" --select-package io.bnb.backend.cpu --exclude-classname '.*DiscoveryTest' \
    --reports-dir="$OUT/cpu-reports" --details=summary \
    --disable-banner > "$OUT/cpu-tests.txt" 2>&1
  echo "cpu-tests exit $?" >> "$OUT/cpu-tests.txt"
  tail -30 "$OUT/cpu-tests.txt"
fi
if only cpu-matrix; then
  timeout ${CPU_MATRIX_TIMEOUT:-300} $J $FLAGS -Xmx24g -cp "$CP:$D/lib/junit-platform-console-standalone-1.14.4.jar" io.bnb.conformance.run.Main --backend cpu \
    --report-dir "$OUT/cpu-matrix" > "$OUT/cpu-matrix.txt" 2>&1
  echo "cpu-matrix exit $?" >> "$OUT/cpu-matrix.txt"
  tail -15 "$OUT/cpu-matrix.txt"
fi
if only cpu-bench; then
  { nproc; lscpu; } > "$OUT/cpu-env.txt" 2>&1
  timeout ${CPU_BENCH_TIMEOUT:-400} $J $FLAGS -XX:+UseParallelGC -Xmx40g ${CPU_JAVA_OPTS:-} -cp "$CP" io.bnb.bench.OpBenchMain \
    --backend cpu --json "$OUT/cpu-bench.json" ${CPU_BENCH_ARGS:-} > "$OUT/cpu-bench.txt" 2>&1
  echo "cpu-bench exit $?" >> "$OUT/cpu-bench.txt"
  cat "$OUT/cpu-bench.txt"
fi
