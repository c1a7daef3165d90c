package io.bnb.api;

import java.util.Objects;

/**
 * Everything needed to dequantize a quantized tensor (upstream {@code QuantState}).
 *
 * @param absmax    per-block scales: float32 {@code [ceil(n/blocksize)]}, or uint8 codes when {@code nested != null}
 * @param shape     original tensor shape (4-bit: always set; 8-bit blockwise: may be null)
 * @param dtype     dtype to dequantize to (the original tensor's dtype)
 * @param blocksize elements per block
 * @param code      the lookup table: 16 floats (4-bit) or 256 (8-bit)
 * @param quantType NF4/FP4 for 4-bit states, null for 8-bit blockwise states
 * @param nested    the second-level state that quantized {@code absmax - offset} (double quantization), or null
 * @param offset    mean of the first-level absmax subtracted before nesting (0 when not nested)
 */
public record QuantState(Tensor absmax, long[] shape, DType dtype, int blocksize, Tensor code,
                         QuantType quantType, QuantState nested, float offset) implements AutoCloseable {

    public QuantState {
        Objects.requireNonNull(absmax, "absmax");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(code, "code");
        if (blocksize <= 0) throw new IllegalArgumentException("blocksize must be positive, got " + blocksize);
        if (nested != null && absmax.dtype() != DType.U8)
            throw new IllegalArgumentException("absmax of a nested QuantState must be U8 codes, got " + absmax.dtype());
        if (nested == null && absmax.dtype() != DType.F32)
            throw new IllegalArgumentException("absmax must be F32, got " + absmax.dtype());
        shape = shape == null ? null : shape.clone();
    }

    /** A plain (not nested) state. */
    public static QuantState of(Tensor absmax, long[] shape, DType dtype, int blocksize, Tensor code, QuantType quantType) {
        return new QuantState(absmax, shape, dtype, blocksize, code, quantType, null, 0f);
    }

    /** True when absmax is itself quantized (double quantization). */
    public boolean isNested() { return nested != null; }

    @Override
    public long[] shape() { return shape == null ? null : shape.clone(); }

    /** Closes absmax, code and the nested state's tensors. */
    @Override
    public void close() {
        absmax.close();
        code.close();
        if (nested != null) nested.close();
    }

    @Override
    public String toString() {
        return "QuantState[" + (quantType == null ? "8bit" : quantType.upstreamName()) + ", shape=" + (shape == null ? "null" : Shapes.str(shape))
                + ", dtype=" + dtype + ", blocksize=" + blocksize + (nested != null ? ", nested(offset=" + offset + ")" : "") + "]";
    }
}
