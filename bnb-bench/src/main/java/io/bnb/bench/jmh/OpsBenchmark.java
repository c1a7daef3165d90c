package io.bnb.bench.jmh;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.bench.Prepared;
import io.bnb.bench.Workloads;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * Every workload of {@link Workloads} as one parameterised JMH benchmark (the copy reference
 * included, so it is measured in the same run). JMH reports µs per call; {@link JmhMain} turns
 * them into GB/s (TOPS, GFLOP/s) and ratios to the copy bandwidth. Results the op allocates are
 * freed after each invocation, outside the measured time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public class OpsBenchmark {

    /**
     * Must list {@link Workloads#ids()} (OpsBenchmarkParamsTest checks). JMH calls an op back to back,
     * so its inputs stay cached in every row: a {@code .warm} id measures the same as its base here.
     */
    @Param({"copy",
            "quantize_blockwise.f32", "quantize_blockwise.bf16", "dequantize_blockwise.f32", "dequantize_blockwise.bf16",
            "quantize_blockwise.f32.bs4096", "quantize_blockwise.bf16.bs4096", "dequantize_blockwise.f32.bs4096", "dequantize_blockwise.bf16.bs4096",
            "quantize_blockwise.f32.4mi", "quantize_4bit.f32.4096", "quantize_4bit.bf16.4096", "quantize_4bit.f16.4096", "quantize_4bit.bf16.11008", "dequantize_4bit.bf16", "dequantize_4bit.f32",
            "dequantize_4bit.f16",
            "gemv_4bit.4096", "gemv_4bit.11008", "gemv_4bit.4096.warm", "gemv_4bit.11008.warm", "gemv_4bit.4096.f16", "gemv_4bit.4096.f32",
            "gemm_4bit.m16",
            "int8_vectorwise_quant.bf16.t0", "int8_vectorwise_quant.f16.t6", "int8_vectorwise_dequant", "int8_linear_matmul.m16",
            "int8_mm_dequant", "int8_double_quant",
            "optimizer_32bit.adam", "optimizer_8bit_blockwise.adam", "percentile_clipping"})
    public String workload;

    @Param("cpu")
    public String backend;

    /** Elements of the copy reference (64 Mi floats = 256 MiB each way). */
    @Param("67108864")
    public int copyFloats;

    private Backend b;
    private Prepared prepared;
    private AutoCloseable last;

    @Setup(Level.Trial)
    public void setup() {
        b = Bnb.backend(backend);
        prepared = Workloads.byId(workload, copyFloats).setup().apply(b);
    }

    @Benchmark
    public void op() {
        last = prepared.call();
        b.synchronize();
    }

    @TearDown(Level.Invocation)
    public void release() {
        Prepared.release(last);
        last = null;
    }

    @TearDown(Level.Trial)
    public void close() {
        if (prepared != null) prepared.close();
    }
}
