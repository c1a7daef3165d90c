package io.bnb.nn;

import io.bnb.api.*;
import io.bnb.functional.Packed4bit;
import io.bnb.functional.Quant4;

import java.util.Objects;

/**
 * Upstream's {@code bnb.nn.Linear4bit} for inference: {@code y = x · W^T + bias} with W stored as
 * NF4/FP4 (optionally double-quantized). A single activation row without bias runs through
 * {@code gemv4bit} (when the inner dimension is a multiple of the block size), anything else
 * through the fused {@code gemm4bit}. The input is cast to the compute dtype (when one is set; otherwise fp32 and
 * bf16 inputs compute in their own dtype and fp16 in fp16), the bias to the activation dtype, and
 * the result back to the input's dtype. All tensors live on one backend; closing frees them.
 */
public final class Linear4bit implements AutoCloseable {
    private final Backend backend;
    private final Tensor weight;
    private final QuantState state;
    private final DType computeDtype;
    private final long outFeatures, inFeatures;
    private Tensor bias;
    private Tensor absmaxF32; // de-nested scales for gemv4bit, made on first use
    private NestedAbsmax nested;
    private boolean closed;

    private Linear4bit(Backend backend, Tensor weight, QuantState state, Tensor bias, DType computeDtype) {
        this.backend = backend;
        this.weight = weight;
        this.state = state;
        this.bias = bias;
        this.computeDtype = computeDtype;
        long[] s = state.shape();
        outFeatures = s[0];
        inFeatures = s[1];
        if (state.isNested()) nested = new NestedAbsmax(state.absmax(), state.nested().code(), state.offset());
    }

    /**
     * Quantizes a float weight {@code [out, in]} ({@code weight} and {@code bias} stay owned by the caller).
     *
     * @param bias         {@code [out]} or null
     * @param computeDtype dtype the matmul runs in, or null to follow the input
     */
    public static Linear4bit quantize(Backend b, Tensor weight, Tensor bias, QuantType type, int blocksize,
                                      boolean compressStatistics, DType computeDtype) {
        Objects.requireNonNull(b, "backend");
        if (weight == null || weight.rank() != 2) throw new IllegalArgumentException("weight must be a 2-D [out, in] tensor, got " + (weight == null ? "null" : Shapes.str(weight.shape())));
        if (computeDtype != null && !computeDtype.isFloat()) throw new IllegalArgumentException("computeDtype must be F32, F16 or BF16, got " + computeDtype);
        checkBias(bias, weight.size(0));
        Tensor w = weight.backend() == b ? weight : copyTo(b, weight);
        Tensor bb = null;
        try {
            Packed4bit p = Quant4.quantize(b, w, type, blocksize, compressStatistics);
            bb = bias == null ? null : copyTo(b, bias);
            return new Linear4bit(b, p.data(), p.state(), bb, computeDtype);
        } finally {
            if (w != weight) w.close();
        }
    }

    /**
     * A layer over an already quantized weight (e.g. read from a bitsandbytes state dict). Takes
     * ownership of {@code packed}, {@code state} and {@code bias}; tensors on another backend are
     * copied to {@code b} and the originals closed.
     */
    public static Linear4bit fromState(Backend b, Tensor packed, QuantState state, Tensor bias, DType computeDtype) {
        Objects.requireNonNull(b, "backend");
        Objects.requireNonNull(packed, "packed");
        Objects.requireNonNull(state, "state");
        if (state.quantType() == null) throw new IllegalArgumentException("state must be a 4-bit (NF4/FP4) QuantState");
        long[] shape = state.shape();
        if (shape == null || shape.length != 2) throw new IllegalArgumentException("state shape must be 2-D [out, in], got " + (shape == null ? "null" : Shapes.str(shape)));
        if (state.isNested() && state.nested().blocksize() != Quant4.NESTED_BLOCKSIZE)
            throw new UnsupportedOperationException("nested blocksize must be 256 for the fused 4-bit matmul, got " + state.nested().blocksize());
        if (computeDtype != null && !computeDtype.isFloat()) throw new IllegalArgumentException("computeDtype must be F32, F16 or BF16, got " + computeDtype);
        long n = shape[0] * shape[1];
        if (packed.byteSize() < (n + 1) / 2)
            throw new IllegalArgumentException("packed holds " + packed.byteSize() + " bytes, shape " + Shapes.str(shape) + " needs " + (n + 1) / 2);
        if (state.absmax().numel() != Shapes.blocks(n, state.blocksize()))
            throw new IllegalArgumentException("state absmax has " + state.absmax().numel() + " entries, expected " + Shapes.blocks(n, state.blocksize()));
        checkBias(bias, shape[0]);
        QuantState s = adoptState(b, state);
        return new Linear4bit(b, HostMath.adopt(b, packed), s, HostMath.adopt(b, bias), computeDtype);
    }

    /** From a {@link Packed4bit} (ownership taken). */
    public static Linear4bit fromState(Backend b, Packed4bit p, Tensor bias, DType computeDtype) {
        return fromState(b, p.data(), p.state(), bias, computeDtype);
    }

    private static QuantState adoptState(Backend b, QuantState s) {
        if (s.absmax().backend() == b && s.code().backend() == b && (!s.isNested()
                || (s.nested().absmax().backend() == b && s.nested().code().backend() == b))) return s;
        QuantState n = s.isNested() ? QuantState.of(HostMath.adopt(b, s.nested().absmax()), null, s.nested().dtype(), s.nested().blocksize(),
                HostMath.adopt(b, s.nested().code()), null) : null;
        return new QuantState(HostMath.adopt(b, s.absmax()), s.shape(), s.dtype(), s.blocksize(), HostMath.adopt(b, s.code()), s.quantType(), n, s.offset());
    }

    private static void checkBias(Tensor bias, long out) {
        if (bias == null) return;
        if (!bias.dtype().isFloat() || bias.rank() != 1 || bias.numel() != out)
            throw new IllegalArgumentException("bias must be a 1-D float tensor of " + out + " elements, got " + bias.dtype() + Shapes.str(bias.shape()));
    }

    private static Tensor copyTo(Backend b, Tensor t) {
        Tensor c = b.allocate(t.dtype(), t.shape());
        b.copy(t, c);
        return c;
    }

    /** {@code x[..., in] -> y[..., out]} in x's dtype; a new tensor the caller closes. */
    public Tensor forward(Tensor x) {
        ensureOpen();
        Objects.requireNonNull(x, "x");
        if (x.backend() != backend) throw new IllegalArgumentException("x belongs to backend '" + x.backend().name() + "', this layer to '" + backend.name() + "'");
        if (!x.dtype().isFloat()) throw new IllegalArgumentException("x must be F32, F16 or BF16, got " + x.dtype());
        if (x.rank() == 0 || x.size(-1) != inFeatures)
            throw new IllegalArgumentException("x's last dimension must be in_features = " + inFeatures + ", got shape " + Shapes.str(x.shape()));
        DType inDtype = x.dtype();
        DType dt = computeDtype != null ? computeDtype : inDtype;
        long[] outShape = HostMath.withLast(x.shape(), outFeatures);
        long rows = x.numel() / inFeatures;
        if (rows == 0) return backend.allocate(inDtype, outShape);
        if (bias != null && bias.dtype() != dt) {
            // upstream converts the stored bias in place to the activation dtype
            Tensor nb = HostMath.cast(backend, bias, dt);
            bias.close();
            bias = nb;
        }
        Tensor xc = dt == inDtype ? x : HostMath.cast(backend, x, dt);
        try {
            Tensor y;
            if (rows == 1 && bias == null && inFeatures % state.blocksize() == 0) {
                y = backend.gemv4bit(xc, weight, state.shape(), absmaxF32(), state.code(), state.blocksize());
            } else {
                // a single row with a bias also goes through gemm4bit: it adds the bias in fp32 before its one
                // rounding, as upstream's matmul_4bit does; gemv4bit plus a separate addition would round twice
                y = nested != null
                        ? backend.gemm4bit(xc, weight, state.shape(), state.nested().absmax(), state.blocksize(), state.quantType(), bias, nested)
                        : backend.gemm4bit(xc, weight, state.shape(), state.absmax(), state.blocksize(), state.quantType(), bias, null);
            }
            if (y.dtype() != inDtype) {
                Tensor c = HostMath.cast(backend, y, inDtype);
                y.close();
                y = c;
            }
            return HostMath.reshaped(backend, y, outShape);
        } finally {
            if (xc != x) xc.close();
        }
    }

    private Tensor absmaxF32() {
        if (absmaxF32 == null) absmaxF32 = Quant4.absmax(backend, state);
        return absmaxF32;
    }

    /** The weight dequantized to the state's dtype {@code [out, in]} (a new tensor). */
    public Tensor dequantizeWeight() {
        ensureOpen();
        return Quant4.dequantize(backend, weight, state);
    }

    public Backend backend() { return backend; }

    public long inFeatures() { return inFeatures; }

    public long outFeatures() { return outFeatures; }

    /** The packed 4-bit weight (owned by this layer). */
    public Tensor weight() { return weight; }

    /** The quantization state (owned by this layer). */
    public QuantState quantState() { return state; }

    /** The bias (owned by this layer), or null. */
    public Tensor bias() { return bias; }

    /** The compute dtype, or null when it follows the input. */
    public DType computeDtype() { return computeDtype; }

    /** The weight and state as a state-dict entry would hold them (views owned by this layer). */
    public Packed4bit packed() { return new Packed4bit(weight, state); }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("Linear4bit is closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        weight.close();
        state.close();
        if (bias != null) bias.close();
        if (absmaxF32 != null) absmaxF32.close();
    }
}
