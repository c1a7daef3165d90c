package io.bnb.bench;

import io.bnb.api.*;
import io.bnb.bench.Workload.Target;
import io.bnb.bench.Workload.Unit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The benchmark cases of issue 3: every op at LLM shapes (weights 4096x4096 and 11008x4096,
 * 16 Mi-element vectors, optimizers on 16 Mi parameters), with the targets as ratios to the copy
 * bandwidth of the same run and upstream's figures on the CPU of this machine kind (copy 44 GB/s).
 * Inputs are generated directly (random codes and scales where an op consumes quantized data), so
 * each op is measured even when the op that would produce its input is missing.
 */
public final class Workloads {
    private Workloads() {}

    /** The id of the same-run copy reference every ratio is taken against. */
    public static final String COPY_ID = "copy";

    static final int K = 4096;
    static final int N_SQUARE = 4096;
    static final int N_MLP = 11008;
    static final int VEC = 16 << 20;
    /** The vector length of upstream's 2-core quantize_blockwise figure (issue 3): its own row compares at the same shape. */
    static final int VEC_UPSTREAM = 4 << 20;
    static final int BS4 = 64;
    static final int BS8 = 256;
    /** The block size upstream's {@code quantize_blockwise} uses when none is given. */
    static final int BS8_DEFAULT = 4096;
    static final int M_GEMM = 16;

    /** The copy reference: {@code copyDevice} of {@code floats} F32 elements (MemorySegment.copy on the CPU). */
    public static Workload copy(int floats) {
        long n = floats;
        return new Workload(COPY_ID, "copy", null, mi(n), "F32", Unit.GBPS, 2.0 * 4 * n, null, "44 GB/s", b -> {
            Tensor src = b.allocate(DType.F32, n), dst = b.allocate(DType.F32, n);
            return Prepared.of(List.of(src, dst), () -> {
                b.copyDevice(src, dst);
                return null;
            });
        });
    }

    /** Every op workload (without copy), in a fixed order. */
    public static List<Workload> ops() {
        List<Workload> w = new ArrayList<>();
        // bs 256 as in the first table; bs 4096 is upstream's Python API default (own ids with a suffix)
        for (int bs : new int[]{BS8, BS8_DEFAULT}) {
            String suffix = bs == BS8 ? "" : ".bs" + bs;
            for (DType dt : new DType[]{DType.F32, DType.BF16})
                w.add(quantizeBlockwise(VEC, dt, bs, suffix, bs == BS8 && dt == DType.F32 ? "1.0 GB/s (4 Mi)" : ""));
            for (DType dt : new DType[]{DType.F32, DType.BF16})
                w.add(dequantizeBlockwise(dt, bs, suffix, bs == BS8 && dt == DType.F32 ? "26-29 GB/s" : ""));
        }
        w.add(quantizeBlockwise(VEC_UPSTREAM, DType.F32, BS8, ".4mi", "1.0 GB/s"));
        w.add(quantize4bit(N_SQUARE, DType.F32, "0.22 GB/s"));
        w.add(quantize4bit(N_SQUARE, DType.BF16, "0.12 GB/s"));
        w.add(quantize4bit(N_SQUARE, DType.F16, ""));
        w.add(quantize4bit(N_MLP, DType.BF16, ""));
        w.add(dequantize4bit(DType.BF16, "3.1 GB/s"));
        w.add(dequantize4bit(DType.F32, ""));
        w.add(dequantize4bit(DType.F16, ""));
        Workload gemvSquare = gemv4bit(N_SQUARE, "416 us (22.7 GB/s)"), gemvMlp = gemv4bit(N_MLP, "1097 us (23.1 GB/s)");
        w.add(gemvSquare);
        w.add(gemvMlp);
        // upstream's figures were timed back to back, its weights cached: the same, side by side
        w.add(gemvSquare.warmCache());
        w.add(gemvMlp.warmCache());
        // the other activation dtypes (the bar is for BF16; QLoRA's compute dtype is often F16)
        w.add(gemv4bit(N_SQUARE, DType.F16, null, ""));
        w.add(gemv4bit(N_SQUARE, DType.F32, null, ""));
        w.add(gemm4bit());
        w.add(int8VectorwiseQuant(DType.BF16, 0f, Target.copyRatio(0.4), "83 ms (0.61 GB/s)"));
        w.add(int8VectorwiseQuant(DType.F16, 6f, null, ""));
        w.add(int8VectorwiseDequant());
        w.add(int8LinearMatmul());
        w.add(int8MmDequant());
        w.add(int8DoubleQuant());
        w.add(optimizer32bit());
        w.add(optimizer8bit());
        w.add(percentileClipping());
        return List.copyOf(w);
    }

    /** All workload ids, copy first (the JMH parameter list must match it; a test checks). */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>(List.of(COPY_ID));
        for (Workload w : ops()) ids.add(w.id());
        return ids;
    }

    /** The workload with this id ({@code copy} at {@code copyFloats} elements). */
    public static Workload byId(String id, int copyFloats) {
        if (id.equals(COPY_ID)) return copy(copyFloats);
        return ops().stream().filter(w -> w.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + id + "'; known: " + ids()));
    }

    // ------------------------------------------------------------------ 4-bit

    private static Workload quantizeBlockwise(int n, DType dt, int bs, String suffix, String upstream) {
        long blocks = n / bs;
        return new Workload("quantize_blockwise." + lower(dt) + suffix, "quantizeBlockwise", Op.QUANTIZE_BLOCKWISE, mi(n) + " bs" + bs,
                dt.name(), Unit.GBPS, (double) n * dt.byteSize() + n + 4.0 * blocks, Target.copyRatio(0.35), upstream, b -> {
                    Tensor a = b.upload(BenchData.normal(n, 1f), dt, n), code = b.upload(Codebooks.dynamicSigned(), 256);
                    return Prepared.of(List.of(a, code), () -> b.quantizeBlockwise(a, code, bs));
                });
    }

    private static Workload dequantizeBlockwise(DType dt, int bs, String suffix, String upstream) {
        long blocks = VEC / bs;
        return new Workload("dequantize_blockwise." + lower(dt) + suffix, "dequantizeBlockwise", Op.DEQUANTIZE_BLOCKWISE, mi(VEC) + " bs" + bs,
                dt.name(), Unit.GBPS, VEC + 4.0 * blocks + (double) VEC * dt.byteSize(), Target.copyRatio(0.5), upstream, b -> {
                    Tensor codes = b.upload(BenchData.bytes(VEC), DType.U8, VEC);
                    Tensor absmax = b.upload(BenchData.uniform((int) blocks, 0.5f, 2f, 1), blocks);
                    Tensor code = b.upload(Codebooks.dynamicSigned(), 256);
                    return Prepared.of(List.of(codes, absmax, code), () -> b.dequantizeBlockwise(codes, absmax, code, bs, dt));
                });
    }

    private static Workload quantize4bit(int n, DType dt, String upstream) {
        long numel = (long) n * K;
        return new Workload("quantize_4bit." + lower(dt) + "." + n, "quantize4bit", Op.QUANTIZE_4BIT, n + "x" + K + " nf4 bs" + BS4, dt.name(),
                Unit.GBPS, numel * dt.byteSize() + numel / 2.0 + 4.0 * numel / BS4, Target.copyRatio(0.35), upstream, b -> {
                    Tensor a = b.upload(BenchData.normal((int) numel, 0.02f), dt, n, K);
                    return Prepared.of(List.of(a), () -> b.quantize4bit(a, BS4, QuantType.NF4, DType.U8));
                });
    }

    private static Workload dequantize4bit(DType dt, String upstream) {
        long numel = (long) N_SQUARE * K;
        return new Workload("dequantize_4bit." + lower(dt), "dequantize4bit", Op.DEQUANTIZE_4BIT, N_SQUARE + "x" + K + " nf4 bs" + BS4, dt.name(),
                Unit.GBPS, numel / 2.0 + 4.0 * numel / BS4 + numel * dt.byteSize(), Target.copyRatio(0.5), upstream,
                packed4bit(N_SQUARE, DType.BF16, (b, in) -> b.dequantize4bit(in[0], in[1], BS4, QuantType.NF4, new long[]{N_SQUARE, K}, dt)));
    }

    private static Workload gemv4bit(int n, String upstream) { return gemv4bit(n, DType.BF16, Target.copyRatio(0.7), upstream); }

    /** One {@code dt} activation row against NF4 weights [n, K]: ids {@code gemv_4bit.<n>}, with {@code .<dtype>} past BF16. */
    private static Workload gemv4bit(int n, DType dt, Target target, String upstream) {
        long numel = (long) n * K;
        String id = "gemv_4bit." + n + (dt == DType.BF16 ? "" : "." + lower(dt));
        return new Workload(id, "gemv4bit", Op.GEMV_4BIT, "1x" + K + " . " + n + "x" + K + " nf4", dt.name(),
                Unit.GBPS, numel / 2.0 + 4.0 * numel / BS4, target, upstream,
                packed4bit(n, dt, (b, in) -> b.gemv4bit(in[2], in[0], new long[]{n, K}, in[1], in[3], BS4)));
    }

    private static Workload gemm4bit() {
        return new Workload("gemm_4bit.m16", "gemm4bit", Op.GEMM_4BIT, M_GEMM + "x" + K + " . " + N_SQUARE + "x" + K + " nf4", "BF16",
                Unit.GFLOPS, 2.0 * M_GEMM * N_SQUARE * K, null, "",
                packed4bit(N_SQUARE, DType.BF16, (b, in) -> b.gemm4bit(in[4], in[0], new long[]{N_SQUARE, K}, in[1], BS4, QuantType.NF4, null, null)));
    }

    private interface Op4 { AutoCloseable run(Backend b, Tensor[] in); }

    /** Random packed NF4 weights [n, K] with scales, an activation row in {@code rowType}, the NF4 code and 16 bf16 rows. */
    private static Function<Backend, Prepared> packed4bit(int n, DType rowType, Op4 op) {
        return b -> {
            long numel = (long) n * K;
            int blocks = (int) (numel / BS4);
            Tensor packed = b.upload(BenchData.bytes((int) (numel / 2)), DType.U8, numel / 2, 1);
            Tensor absmax = b.upload(BenchData.uniform(blocks, 0.01f, 0.08f, 2), blocks);
            Tensor row = b.upload(BenchData.normal(K, 1f), rowType, 1, 1, K);
            Tensor code = b.upload(Codebooks.nf4(), 16);
            Tensor rows = b.upload(BenchData.normal(M_GEMM * K, 1f), DType.BF16, M_GEMM, K);
            Tensor[] in = {packed, absmax, row, code, rows};
            return Prepared.of(List.of(in), () -> op.run(b, in));
        };
    }

    // ------------------------------------------------------------------ LLM.int8

    private static Workload int8VectorwiseQuant(DType dt, float threshold, Target target, String upstream) {
        long numel = (long) N_SQUARE * K;
        return new Workload("int8_vectorwise_quant." + lower(dt) + ".t" + (int) threshold, "int8VectorwiseQuant", Op.INT8_VECTORWISE_QUANT,
                N_SQUARE + "x" + K + " t=" + (int) threshold, dt.name(), Unit.GBPS, numel * dt.byteSize() + numel + 4.0 * N_SQUARE, target, upstream, b -> {
                    float[] data = BenchData.normal((int) numel, 1f);
                    if (threshold > 0) for (int r = 0; r < N_SQUARE; r += 512) data[r * K + 77] = 2 * threshold; // a few outlier columns
                    Tensor a = b.upload(data, dt, N_SQUARE, K);
                    return Prepared.of(List.of(a), () -> b.int8VectorwiseQuant(a, threshold));
                });
    }

    private static Workload int8VectorwiseDequant() {
        long numel = (long) N_SQUARE * K;
        return new Workload("int8_vectorwise_dequant", "int8VectorwiseDequant", Op.INT8_VECTORWISE_DEQUANT, N_SQUARE + "x" + K, "I8",
                Unit.GBPS, numel + 4.0 * N_SQUARE + 4.0 * numel, null, "", b -> {
                    Tensor a = b.upload(BenchData.bytes((int) numel), DType.I8, N_SQUARE, K);
                    Tensor stats = b.upload(BenchData.uniform(N_SQUARE, 1f, 4f, 3), N_SQUARE);
                    return Prepared.of(List.of(a, stats), () -> b.int8VectorwiseDequant(a, stats));
                });
    }

    private static Workload int8LinearMatmul() {
        return new Workload("int8_linear_matmul.m16", "int8LinearMatmul", Op.INT8_LINEAR_MATMUL, M_GEMM + "x" + K + " . " + N_SQUARE + "x" + K, "I8",
                Unit.TOPS, 2.0 * M_GEMM * N_SQUARE * K, Target.absolute(0.2), "0.15 TOPS", b -> {
                    Tensor a = b.upload(BenchData.bytes(M_GEMM * K), DType.I8, M_GEMM, K);
                    Tensor w = b.upload(BenchData.bytes(N_SQUARE * K), DType.I8, N_SQUARE, K);
                    return Prepared.of(List.of(a, w), () -> b.int8LinearMatmul(a, w));
                });
    }

    private static Workload int8MmDequant() {
        long numel = (long) N_SQUARE * K;
        return new Workload("int8_mm_dequant", "int8MmDequant", Op.INT8_MM_DEQUANT, N_SQUARE + "x" + K + " -> F16", "I32",
                Unit.GBPS, 4.0 * numel + 2.0 * numel + 4.0 * (N_SQUARE + K), null, "", b -> {
                    // small accumulators keep the fp16 output finite
                    byte[] acc = new byte[(int) numel * 4];
                    byte[] r = BenchData.bytes((int) numel);
                    for (int i = 0; i < numel; i++) acc[4 * i] = r[i];
                    Tensor a = b.upload(java.lang.foreign.MemorySegment.ofArray(acc), DType.I32, N_SQUARE, K);
                    Tensor rs = b.upload(BenchData.uniform(N_SQUARE, 1f, 4f, 4), N_SQUARE);
                    Tensor cs = b.upload(BenchData.uniform(K, 1f, 4f, 5), K);
                    return Prepared.of(List.of(a, rs, cs), () -> b.int8MmDequant(a, rs, cs, DType.F16, null));
                });
    }

    private static Workload int8DoubleQuant() {
        long numel = (long) N_SQUARE * K;
        return new Workload("int8_double_quant", "int8DoubleQuant", Op.INT8_DOUBLE_QUANT, N_SQUARE + "x" + K + " t=0", "F16",
                Unit.GBPS, 2.0 * numel + 2.0 * numel + 4.0 * (N_SQUARE + K), null, "", b -> {
                    Tensor a = b.upload(BenchData.normal((int) numel, 1f), DType.F16, N_SQUARE, K);
                    return Prepared.of(List.of(a), () -> b.int8DoubleQuant(a, 0f));
                });
    }

    // ------------------------------------------------------------------ optimizers

    private static Workload optimizer32bit() {
        return new Workload("optimizer_32bit.adam", "optimizerUpdate32bit", Op.OPTIMIZER_UPDATE_32BIT, mi(VEC) + " params adam", "F32",
                Unit.GBPS, 28.0 * VEC, null, "57 ms @8 Mi (4.1 GB/s)", b -> {
                    Tensor g = b.upload(BenchData.normal(VEC, 0.01f), VEC), p = b.upload(BenchData.normal(VEC, 0.02f), VEC);
                    Tensor s1 = b.allocate(DType.F32, VEC), s2 = b.allocate(DType.F32, VEC);
                    Optimizer32bitStep step = new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1, s2, null, Hyper.adam(1e-4f));
                    return Prepared.of(List.of(g, p, s1, s2), () -> {
                        b.optimizerUpdate32bit(step);
                        return null;
                    });
                });
    }

    private static Workload optimizer8bit() {
        int blocks = VEC / Optimizer8bitStep.BLOCKSIZE;
        return new Workload("optimizer_8bit_blockwise.adam", "optimizerUpdate8bitBlockwise", Op.OPTIMIZER_UPDATE_8BIT_BLOCKWISE,
                mi(VEC) + " params adam", "F32", Unit.GBPS, 16.0 * VEC + 16.0 * blocks, Target.copyRatio(0.3), "141 ms @8 Mi (0.95 GB/s)", b -> {
                    Tensor g = b.upload(BenchData.normal(VEC, 0.01f), VEC), p = b.upload(BenchData.normal(VEC, 0.02f), VEC);
                    Tensor s1 = b.allocate(DType.U8, VEC), s2 = b.allocate(DType.U8, VEC);
                    Tensor q1 = b.upload(Codebooks.dynamicSigned(), 256), q2 = b.upload(Codebooks.dynamicUnsigned(), 256);
                    Tensor a1 = b.allocate(DType.F32, blocks), a2 = b.allocate(DType.F32, blocks);
                    Optimizer8bitStep step = new Optimizer8bitStep(OptimizerKind.ADAM, g, p, s1, s2, q1, q2, a1, a2, Hyper.adam(1e-4f));
                    return Prepared.of(List.of(g, p, s1, s2, q1, q2, a1, a2), () -> {
                        b.optimizerUpdate8bitBlockwise(step);
                        return null;
                    });
                });
    }

    private static Workload percentileClipping() {
        return new Workload("percentile_clipping", "percentileClipping", Op.PERCENTILE_CLIPPING, mi(VEC), "F32",
                Unit.GBPS, 4.0 * VEC, null, "", b -> {
                    Tensor g = b.upload(BenchData.normal(VEC, 1f), VEC), v = b.allocate(DType.F32, 100);
                    return Prepared.of(List.of(g, v), () -> {
                        b.percentileClipping(g, v, 1, 95);
                        return null;
                    });
                });
    }

    // ------------------------------------------------------------------ helpers

    static String mi(long n) {
        return n % (1 << 20) == 0 ? (n >> 20) + " Mi" : String.valueOf(n);
    }

    private static String lower(DType d) { return d.name().toLowerCase(java.util.Locale.ROOT); }
}
