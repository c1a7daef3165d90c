package io.bnb.spi;

import io.bnb.api.*;

/**
 * Argument validation shared by every backend, so that each op fails the same way everywhere
 * (the union of upstream's eager checks, see spec OPS.md §12). Each method throws
 * {@link IllegalArgumentException} or {@link IllegalStateException} naming the argument, and is
 * called before any memory is touched.
 */
public final class Checks {
    private Checks() {}

    /** 4-bit block sizes (CUDA set). */
    public static final int[] BLOCKSIZES_4BIT = {32, 64, 128, 256, 512, 1024, 2048, 4096};
    /** 8-bit blockwise block sizes (CUDA set; 32 is not allowed for 8-bit). */
    public static final int[] BLOCKSIZES_8BIT = {64, 128, 256, 512, 1024, 2048, 4096};

    /** Non-null, open, owned by {@code owner}. */
    public static void tensor(Backend owner, Tensor t, String name) {
        if (t == null) throw new IllegalArgumentException(name + " must not be null");
        if (t.isClosed()) throw new IllegalStateException(name + " is closed (" + t + ")");
        if (t.backend() != owner && !owner.name().equals(t.backend().name()))
            throw new IllegalArgumentException(name + " belongs to backend '" + t.backend().name() + "', not '" + owner.name()
                    + "'; copy it with Backend.copy first");
    }

    /** Like {@link #tensor} but null is allowed. */
    public static void optionalTensor(Backend owner, Tensor t, String name) {
        if (t != null) tensor(owner, t, name);
    }

    public static void dtype(Tensor t, String name, DType... allowed) {
        for (DType d : allowed) if (t.dtype() == d) return;
        throw new IllegalArgumentException(name + " must have dtype " + (allowed.length == 1 ? allowed[0] : java.util.Arrays.toString(allowed))
                + ", got " + t.dtype());
    }

    public static void floatDtype(DType d, String name) {
        if (d == null || !d.isFloat()) throw new IllegalArgumentException(name + " must be F32, F16 or BF16, got " + d);
    }

    public static void numel(Tensor t, String name, long expected) {
        if (t.numel() != expected)
            throw new IllegalArgumentException(name + " must have " + expected + " elements, got " + t.numel() + " (shape " + Shapes.str(t.shape()) + ")");
    }

    public static void blocksize4bit(int bs) {
        for (int b : BLOCKSIZES_4BIT) if (b == bs) return;
        throw new IllegalArgumentException("blocksize must be one of 32, 64, 128, 256, 512, 1024, 2048, 4096 for 4-bit, got " + bs);
    }

    public static void blocksize8bit(int bs) {
        for (int b : BLOCKSIZES_8BIT) if (b == bs) return;
        throw new IllegalArgumentException("blocksize must be one of 64, 128, 256, 512, 1024, 2048, 4096 for 8-bit blockwise, got " + bs);
    }

    public static void notNull(Object o, String name) {
        if (o == null) throw new IllegalArgumentException(name + " must not be null");
    }

    public static void positiveShape(long[] shape, String name) {
        if (shape == null) throw new IllegalArgumentException(name + " must not be null");
        for (long d : shape) if (d < 0) throw new IllegalArgumentException(name + " " + Shapes.str(shape) + " has a negative dimension");
    }

    // ------------------------------------------------------------------ per op

    public static void quantizeBlockwise(Backend b, Tensor a, Tensor code, int blocksize) {
        tensor(b, a, "A");
        tensor(b, code, "code");
        dtype(a, "A", DType.F32, DType.F16, DType.BF16);
        dtype(code, "code", DType.F32);
        numel(code, "code", 256);
        blocksize8bit(blocksize);
    }

    public static void dequantizeBlockwise(Backend b, Tensor a, Tensor absmax, Tensor code, int blocksize, DType dtype) {
        tensor(b, a, "A");
        tensor(b, absmax, "absmax");
        tensor(b, code, "code");
        dtype(a, "A", DType.U8);
        dtype(absmax, "absmax", DType.F32);
        dtype(code, "code", DType.F32);
        numel(code, "code", 256);
        blocksize8bit(blocksize);
        floatDtype(dtype, "dtype");
        numel(absmax, "absmax", Shapes.blocks(a.numel(), blocksize));
    }

    public static void quantize4bit(Backend b, Tensor a, int blocksize, QuantType quantType, DType storage) {
        tensor(b, a, "A");
        dtype(a, "A", DType.F32, DType.F16, DType.BF16);
        blocksize4bit(blocksize);
        notNull(quantType, "quantType");
        notNull(storage, "quantStorage");
        long bytes = (a.numel() + 1) / 2;
        if (bytes % storage.byteSize() != 0)
            throw new IllegalArgumentException("quantStorage " + storage + ": packed size " + bytes + " bytes is not a multiple of "
                    + storage.byteSize() + " (use U8 storage for this tensor)");
    }

    public static void dequantize4bit(Backend b, Tensor packed, Tensor absmax, int blocksize, QuantType quantType, long[] shape, DType dtype) {
        tensor(b, packed, "A");
        tensor(b, absmax, "absmax");
        dtype(absmax, "absmax", DType.F32);
        blocksize4bit(blocksize);
        notNull(quantType, "quantType");
        positiveShape(shape, "shape");
        floatDtype(dtype, "dtype");
        long n = Shapes.numel(shape);
        if (packed.byteSize() < (n + 1) / 2)
            throw new IllegalArgumentException("A holds " + packed.byteSize() + " bytes, shape " + Shapes.str(shape) + " needs " + (n + 1) / 2);
        numel(absmax, "absmax", Shapes.blocks(n, blocksize));
    }

    private static long checkWeight4(Backend b, Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize) {
        tensor(b, a, "A");
        tensor(b, packed, "B");
        tensor(b, absmax, "absmax");
        dtype(a, "A", DType.F32, DType.F16, DType.BF16);
        dtype(absmax, "absmax", DType.F32);
        blocksize4bit(blocksize);
        if (shapeB == null || shapeB.length != 2) throw new IllegalArgumentException("shapeB must be 2-D [N, K], got " + (shapeB == null ? "null" : Shapes.str(shapeB)));
        positiveShape(shapeB, "shapeB");
        long k = shapeB[1];
        if (a.rank() == 0 || a.size(-1) != k)
            throw new IllegalArgumentException("A's last dimension must equal shapeB[1] = " + k + ", A has shape " + Shapes.str(a.shape()));
        long n = shapeB[0] * shapeB[1];
        if (packed.byteSize() < (n + 1) / 2)
            throw new IllegalArgumentException("B holds " + packed.byteSize() + " bytes, shapeB " + Shapes.str(shapeB) + " needs " + (n + 1) / 2);
        return n;
    }

    public static void gemv4bit(Backend b, Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int blocksize) {
        long n = checkWeight4(b, a, packed, shapeB, absmax, blocksize);
        tensor(b, code, "code");
        dtype(code, "code", DType.F32);
        numel(code, "code", 16);
        if (a.numel() != shapeB[1])
            throw new IllegalArgumentException("A must hold exactly one row of " + shapeB[1] + " elements for gemv4bit, got shape " + Shapes.str(a.shape()));
        numel(absmax, "absmax", Shapes.blocks(n, blocksize));
    }

    public static void gemm4bit(Backend b, Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize, QuantType quantType,
                                Tensor bias, NestedAbsmax nested) {
        long n = checkWeight4(b, a, packed, shapeB, absmax, blocksize);
        notNull(quantType, "quantType");
        long blocks = Shapes.blocks(n, blocksize);
        if (nested == null) {
            numel(absmax, "absmax", blocks);
        } else {
            tensor(b, nested.codes(), "absmax_8bit");
            tensor(b, nested.code(), "absmax_code");
            dtype(nested.codes(), "absmax_8bit", DType.U8);
            dtype(nested.code(), "absmax_code", DType.F32);
            numel(nested.codes(), "absmax_8bit", blocks);
            numel(nested.code(), "absmax_code", 256);
            numel(absmax, "absmax", Shapes.blocks(blocks, 256));
        }
        if (bias != null) {
            tensor(b, bias, "bias");
            if (bias.dtype() != a.dtype()) throw new IllegalArgumentException("bias must have A's dtype " + a.dtype() + ", got " + bias.dtype());
            if (bias.rank() != 1 || bias.numel() != shapeB[0])
                throw new IllegalArgumentException("bias must be 1-D [" + shapeB[0] + "], got " + Shapes.str(bias.shape()));
        }
    }

    public static void threshold(float threshold) {
        if (!(threshold >= 0) || Float.isInfinite(threshold))
            throw new IllegalArgumentException("threshold must be finite and >= 0, got " + threshold);
    }

    public static void int8VectorwiseQuant(Backend b, Tensor a, float threshold) {
        tensor(b, a, "A");
        dtype(a, "A", DType.F16, DType.BF16, DType.F32);
        if (a.rank() == 0) throw new IllegalArgumentException("A must have at least one dimension");
        threshold(threshold);
    }

    public static void int8VectorwiseDequant(Backend b, Tensor a, Tensor stats) {
        tensor(b, a, "A");
        tensor(b, stats, "stats");
        dtype(a, "A", DType.I8);
        dtype(stats, "stats", DType.F32);
        if (a.rank() == 0) throw new IllegalArgumentException("A must have at least one dimension");
        numel(stats, "stats", a.numel() / Math.max(1, a.size(-1)));
    }

    public static void int8LinearMatmul(Backend b, Tensor a, Tensor bm) {
        tensor(b, a, "A");
        tensor(b, bm, "B");
        dtype(a, "A", DType.I8);
        dtype(bm, "B", DType.I8);
        if (bm.rank() != 2) throw new IllegalArgumentException("B must be 2-D [N, K], got " + Shapes.str(bm.shape()));
        if (a.rank() < 1 || a.rank() > 3) throw new IllegalArgumentException("A must be 1-, 2- or 3-D, got " + Shapes.str(a.shape()));
        if (a.numel() == 0) throw new IllegalArgumentException("A must not be empty");
        if (a.size(-1) != bm.size(1))
            throw new IllegalArgumentException("inner dimensions differ: A " + Shapes.str(a.shape()) + " vs B " + Shapes.str(bm.shape()));
    }

    public static void int8MmDequant(Backend b, Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias) {
        tensor(b, a, "A");
        tensor(b, rowStats, "rowStats");
        tensor(b, colStats, "colStats");
        dtype(a, "A", DType.I32);
        dtype(rowStats, "rowStats", DType.F32);
        dtype(colStats, "colStats", DType.F32);
        if (a.rank() == 0) throw new IllegalArgumentException("A must have at least one dimension");
        long n = a.size(-1);
        numel(rowStats, "rowStats", a.numel() / Math.max(1, n));
        numel(colStats, "colStats", n);
        if (dtype != null) floatDtype(dtype, "dtype");
        if (bias != null) {
            tensor(b, bias, "bias");
            dtype(bias, "bias", DType.F16, DType.BF16, DType.F32);
            numel(bias, "bias", n);
        }
    }

    public static void int8DoubleQuant(Backend b, Tensor a, float threshold) {
        tensor(b, a, "A");
        dtype(a, "A", DType.F16, DType.BF16, DType.F32);
        if (a.rank() < 2) throw new IllegalArgumentException("A must be at least 2-D, got " + Shapes.str(a.shape()));
        threshold(threshold);
    }

    public static void int8MixedScaledMm(Backend b, Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias) {
        tensor(b, a, "A");
        dtype(a, "A", DType.F16, DType.BF16, DType.F32);
        int8LinearMatmul(b, ca, cb);
        if (ca.numel() != a.numel()) throw new IllegalArgumentException("CA must have A's shape " + Shapes.str(a.shape()) + ", got " + Shapes.str(ca.shape()));
        tensor(b, sca, "SCA");
        tensor(b, scb, "SCB");
        dtype(sca, "SCA", DType.F32);
        dtype(scb, "SCB", DType.F32);
        numel(sca, "SCA", a.numel() / a.size(-1));
        numel(scb, "SCB", cb.size(0));
        if (outlierCols != null) {
            tensor(b, outlierCols, "outlierCols");
            dtype(outlierCols, "outlierCols", DType.I64, DType.I32);
        }
        if (bias != null) {
            tensor(b, bias, "bias");
            numel(bias, "bias", cb.size(0));
        }
    }

    private static void hyper(Hyper h) {
        notNull(h, "hyper");
    }

    /** What both optimizer steps check first: kind, hyperparameters, and grad, param and state1 on this backend, grad with param's float dtype. */
    private static void stepCommon(Backend b, OptimizerKind kind, Hyper h, Tensor grad, Tensor param, Tensor state1) {
        notNull(kind, "kind");
        hyper(h);
        tensor(b, grad, "grad");
        tensor(b, param, "param");
        tensor(b, state1, "state1");
        dtype(param, "param", DType.F32, DType.F16, DType.BF16);
        if (grad.dtype() != param.dtype())
            throw new IllegalArgumentException("grad must have param's dtype " + param.dtype() + ", got " + grad.dtype());
    }

    public static void optimizer32bit(Backend b, Optimizer32bitStep s) {
        notNull(s, "step");
        stepCommon(b, s.kind(), s.hyper(), s.grad(), s.param(), s.state1());
        long n = s.param().numel();
        numel(s.grad(), "grad", n);
        dtype(s.state1(), "state1", DType.F32);
        numel(s.state1(), "state1", s.kind() == OptimizerKind.ADEMAMIX ? 2 * n : n);
        if (s.kind().states() == 2) {
            if (s.state2() == null) throw new IllegalArgumentException("state2 must not be null for " + s.kind().upstreamName());
            tensor(b, s.state2(), "state2");
            dtype(s.state2(), "state2", DType.F32);
            numel(s.state2(), "state2", n);
        }
        if (s.hyper().maxUnorm() > 0) {
            if (s.unormVec() == null) throw new IllegalArgumentException("unormVec must not be null when maxUnorm > 0");
            tensor(b, s.unormVec(), "unormVec");
            dtype(s.unormVec(), "unormVec", DType.F32);
            numel(s.unormVec(), "unormVec", 1);
        }
        distinct(s.grad(), s.param(), s.state1(), s.state2());
    }

    public static void optimizer8bit(Backend b, Optimizer8bitStep s) {
        notNull(s, "step");
        stepCommon(b, s.kind(), s.hyper(), s.grad(), s.param(), s.state1());
        tensor(b, s.qmap1(), "qmap1");
        tensor(b, s.absmax1(), "absmax1");
        long n = s.param().numel();
        long blocks = Shapes.blocks(n, Optimizer8bitStep.BLOCKSIZE);
        boolean ademamix = s.kind() == OptimizerKind.ADEMAMIX;
        numel(s.grad(), "grad", n);
        dtype(s.state1(), "state1", DType.U8);
        numel(s.state1(), "state1", ademamix ? 2 * n : n);
        dtype(s.qmap1(), "qmap1", DType.F32);
        numel(s.qmap1(), "qmap1", 256);
        dtype(s.absmax1(), "absmax1", DType.F32);
        numel(s.absmax1(), "absmax1", ademamix ? 2 * blocks : blocks);
        if (s.kind().states() == 2) {
            if (s.state2() == null || s.qmap2() == null || s.absmax2() == null)
                throw new IllegalArgumentException("state2, qmap2 and absmax2 must not be null for " + s.kind().upstreamName());
            tensor(b, s.state2(), "state2");
            tensor(b, s.qmap2(), "qmap2");
            tensor(b, s.absmax2(), "absmax2");
            dtype(s.state2(), "state2", DType.U8);
            numel(s.state2(), "state2", n);
            dtype(s.qmap2(), "qmap2", DType.F32);
            numel(s.qmap2(), "qmap2", 256);
            dtype(s.absmax2(), "absmax2", DType.F32);
            numel(s.absmax2(), "absmax2", blocks);
        }
        distinct(s.grad(), s.param(), s.state1(), s.state2());
    }

    private static void distinct(Tensor... ts) {
        for (int i = 0; i < ts.length; i++)
            for (int j = i + 1; j < ts.length; j++)
                if (ts[i] != null && ts[i] == ts[j]) throw new IllegalArgumentException("the same tensor was passed twice to an optimizer step");
    }

    public static void percentileClipping(Backend b, Tensor grad, Tensor gnormVec, int step, int percentile) {
        tensor(b, grad, "grad");
        tensor(b, gnormVec, "gnormVec");
        dtype(grad, "grad", DType.F32, DType.F16, DType.BF16);
        dtype(gnormVec, "gnormVec", DType.F32);
        numel(gnormVec, "gnormVec", 100);
        if (step < 1) throw new IllegalArgumentException("step must be >= 1, got " + step);
        if (percentile < 0 || percentile > 99) throw new IllegalArgumentException("percentile must be in 0..99, got " + percentile);
    }

    public static void allocation(DType dtype, long[] shape) {
        notNull(dtype, "dtype");
        positiveShape(shape, "shape");
        Shapes.numel(shape);
    }
}
