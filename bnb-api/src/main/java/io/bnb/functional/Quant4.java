package io.bnb.functional;

import io.bnb.api.*;

/**
 * Upstream's {@code F.quantize_4bit} / {@code F.dequantize_4bit}: the raw ops plus QuantState
 * construction and double quantization of absmax (nested block size 256, signed dynamic map).
 */
public final class Quant4 {
    private Quant4() {}

    /** Block size of the nested (second-level) absmax quantization; fixed upstream. */
    public static final int NESTED_BLOCKSIZE = 256;

    /** Quantizes {@code a} with U8 storage. */
    public static Packed4bit quantize(Backend b, Tensor a, QuantType type, int blocksize, boolean compressStatistics) {
        return quantize(b, a, type, blocksize, compressStatistics, DType.U8);
    }

    public static Packed4bit quantize(Backend b, Tensor a, QuantType type, int blocksize, boolean compressStatistics, DType storage) {
        Quantized q = b.quantize4bit(a, blocksize, type, storage);
        Tensor code = b.upload(type.code(), 16);
        if (!compressStatistics)
            return new Packed4bit(q.data(), QuantState.of(q.absmax(), a.shape(), a.dtype(), blocksize, code, type));
        try (Tensor absmax = q.absmax()) {
            QuantState nested = nest(b, absmax);
            nested.code().close(); // nest()'s empty placeholder code; the new state carries the 4-bit code instead
            return new Packed4bit(q.data(), new QuantState(nested.absmax(), a.shape(), a.dtype(), blocksize, code, type,
                    nested.nested(), nested.offset()));
        }
    }

    /**
     * Double quantization of a float32 absmax: {@code offset = mean(absmax)}, then
     * {@code absmax - offset} block-quantized (block 256, signed dynamic map). Returns a state whose
     * {@code absmax} is the U8 codes, {@code nested} the second level and {@code offset} the mean.
     */
    public static QuantState nest(Backend b, Tensor absmax) {
        float[] am = b.downloadFloats(absmax);
        float offset = Quant8.mean(am);
        float[] centred = new float[am.length];
        for (int i = 0; i < am.length; i++) centred[i] = am[i] - offset;
        try (Tensor c = b.upload(centred, am.length)) {
            Tensor dyn = b.upload(Codebooks.dynamicSigned(), 256);
            Quantized q2 = b.quantizeBlockwise(c, dyn, NESTED_BLOCKSIZE);
            QuantState state2 = QuantState.of(q2.absmax(), null, DType.F32, NESTED_BLOCKSIZE, dyn, null);
            return new QuantState(q2.data(), null, DType.F32, NESTED_BLOCKSIZE, b.upload(new float[0], 0), null, state2, offset);
        }
    }

    /** The float32 first-level absmax of a state (de-nested when needed; a new tensor the caller closes). */
    public static Tensor absmax(Backend b, QuantState s) {
        if (!s.isNested()) {
            Tensor copy = b.allocate(DType.F32, s.absmax().shape());
            b.copyDevice(s.absmax(), copy);
            return copy;
        }
        QuantState n = s.nested();
        try (Tensor deq = b.dequantizeBlockwise(s.absmax(), n.absmax(), n.code(), n.blocksize(), DType.F32)) {
            float[] v = b.downloadFloats(deq);
            for (int i = 0; i < v.length; i++) v[i] += s.offset();
            return b.upload(v, v.length);
        }
    }

    /** Dequantizes to the state's shape and dtype. */
    public static Tensor dequantize(Backend b, Tensor packed, QuantState s) {
        if (s.quantType() == null) throw new IllegalArgumentException("state is not a 4-bit QuantState (quantType is null)");
        try (Tensor am = absmax(b, s)) {
            return b.dequantize4bit(packed, am, s.blocksize(), s.quantType(), s.shape(), s.dtype());
        }
    }
}
