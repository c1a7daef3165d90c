package io.bnb.nn;

import io.bnb.api.*;

import java.util.Objects;

/**
 * Upstream's {@code bnb.nn.Linear8bitLt} (LLM.int8) for inference, with an int8 weight
 * {@code CB [out, in]} and its row scales {@code SCB [out]} (row absmax of the fp16 weight). Each
 * forward quantizes the activations row-wise from fp16; with {@code threshold > 0} the input
 * features holding any |value| ≥ threshold are multiplied in the activation dtype against the
 * dequantized weight columns ({@code int8MixedScaledMm}), the rest in int8 with int32
 * accumulation; with threshold 0 everything goes through {@code int8ScaledMm}. Output dtype = input
 * dtype (the int8 path rounds through fp16 first, as upstream does).
 */
public final class Linear8bitLt implements AutoCloseable {
    private final Backend backend;
    private final Tensor cb, scb;
    private final float threshold;
    private final long outFeatures, inFeatures;
    private Tensor bias;
    private boolean closed;

    private Linear8bitLt(Backend backend, Tensor cb, Tensor scb, Tensor bias, float threshold) {
        this.backend = backend;
        this.cb = cb;
        this.scb = scb;
        this.bias = bias;
        this.threshold = threshold;
        outFeatures = cb.size(0);
        inFeatures = cb.size(1);
    }

    /** Quantizes a float weight {@code [out, in]} like {@code Int8Params}: {@code int8VectorwiseQuant(W.to(fp16))}. Inputs stay owned by the caller. */
    public static Linear8bitLt quantize(Backend b, Tensor weight, Tensor bias, float threshold) {
        Objects.requireNonNull(b, "backend");
        if (weight == null || weight.rank() != 2 || !weight.dtype().isFloat())
            throw new IllegalArgumentException("weight must be a 2-D float [out, in] tensor, got " + (weight == null ? "null" : weight.dtype() + Shapes.str(weight.shape())));
        checkThreshold(threshold);
        checkBias(bias, weight.size(0));
        Tensor w16 = b.upload(weight.backend().downloadFloats(weight), DType.F16, weight.shape());
        Int8Quantized q;
        try {
            q = b.int8VectorwiseQuant(w16, 0f);
        } finally {
            w16.close();
        }
        if (q.outlierCols() != null) q.outlierCols().close();
        Tensor bb = null;
        if (bias != null) {
            bb = b.allocate(bias.dtype(), bias.shape());
            b.copy(bias, bb);
        }
        return new Linear8bitLt(b, q.data(), q.rowStats(), bb, threshold);
    }

    /**
     * A layer over an int8 state dict ({@code weight} I8 [out, in], {@code SCB} F32 [out]). Takes
     * ownership of the tensors; those on another backend are copied to {@code b} and the originals closed.
     */
    public static Linear8bitLt fromState(Backend b, Tensor cb, Tensor scb, Tensor bias, float threshold) {
        Objects.requireNonNull(b, "backend");
        if (cb == null || cb.dtype() != DType.I8 || cb.rank() != 2)
            throw new IllegalArgumentException("cb must be a 2-D I8 tensor, got " + (cb == null ? "null" : cb.dtype() + Shapes.str(cb.shape())));
        if (scb == null || scb.dtype() != DType.F32 || scb.numel() != cb.size(0))
            throw new IllegalArgumentException("scb must be F32[" + cb.size(0) + "], got " + (scb == null ? "null" : scb.dtype() + Shapes.str(scb.shape())));
        checkThreshold(threshold);
        checkBias(bias, cb.size(0));
        return new Linear8bitLt(b, HostMath.adopt(b, cb), HostMath.adopt(b, scb), HostMath.adopt(b, bias), threshold);
    }

    private static void checkThreshold(float t) {
        if (!(t >= 0) || Float.isInfinite(t)) throw new IllegalArgumentException("threshold must be finite and >= 0, got " + t);
    }

    private static void checkBias(Tensor bias, long out) {
        if (bias == null) return;
        if (!bias.dtype().isFloat() || bias.rank() != 1 || bias.numel() != out)
            throw new IllegalArgumentException("bias must be a 1-D float tensor of " + out + " elements, got " + bias.dtype() + Shapes.str(bias.shape()));
    }

    /** {@code x[..., in] -> y[..., out]} in x's dtype; a new tensor the caller closes. */
    public Tensor forward(Tensor x) {
        if (closed) throw new IllegalStateException("Linear8bitLt is closed");
        Objects.requireNonNull(x, "x");
        if (x.backend() != backend) throw new IllegalArgumentException("x belongs to backend '" + x.backend().name() + "', this layer to '" + backend.name() + "'");
        if (!x.dtype().isFloat()) throw new IllegalArgumentException("x must be F32, F16 or BF16, got " + x.dtype());
        if (x.rank() == 0 || x.size(-1) != inFeatures)
            throw new IllegalArgumentException("x's last dimension must be in_features = " + inFeatures + ", got shape " + Shapes.str(x.shape()));
        long[] outShape = HostMath.withLast(x.shape(), outFeatures);
        long rows = x.numel() / inFeatures;
        if (rows == 0) return backend.allocate(x.dtype(), outShape);
        if (bias != null && bias.dtype() != x.dtype()) {
            Tensor nb = HostMath.cast(backend, bias, x.dtype());
            bias.close();
            bias = nb;
        }
        Tensor x2 = x.reshape(rows, inFeatures);
        Tensor x16 = x.dtype() == DType.F16 ? x2 : HostMath.cast(backend, x2, DType.F16);
        try (Int8Quantized q = backend.int8VectorwiseQuant(x16, threshold)) {
            Tensor y;
            if (threshold > 0) {
                MixedMatmul m = backend.int8MixedScaledMm(x2, q.data(), cb, q.rowStats(), scb, q.outlierCols(), bias);
                m.subA().close();
                y = m.out();
            } else {
                y = backend.int8ScaledMm(q.data(), cb, q.rowStats(), scb, bias, x.dtype());
            }
            return HostMath.reshaped(backend, y, outShape);
        } finally {
            if (x16 != x2) x16.close();
        }
    }

    /** The weight dequantized, {@code CB * SCB / 127} in F32 (a new tensor). */
    public Tensor dequantizeWeight() {
        if (closed) throw new IllegalStateException("Linear8bitLt is closed");
        return backend.int8VectorwiseDequant(cb, scb);
    }

    public Backend backend() { return backend; }

    public long inFeatures() { return inFeatures; }

    public long outFeatures() { return outFeatures; }

    public float threshold() { return threshold; }

    /** The int8 weight (owned by this layer). */
    public Tensor weight() { return cb; }

    /** The row scales (owned by this layer). */
    public Tensor scb() { return scb; }

    /** The bias (owned by this layer), or null. */
    public Tensor bias() { return bias; }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        cb.close();
        scb.close();
        if (bias != null) bias.close();
    }
}
