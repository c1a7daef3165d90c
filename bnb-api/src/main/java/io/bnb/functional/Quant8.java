package io.bnb.functional;

import io.bnb.api.*;

/**
 * Upstream's {@code F.quantize_blockwise} / {@code F.dequantize_blockwise}: 8-bit blockwise
 * quantization returning a {@link QuantState}, optionally with the absmax itself quantized
 * ({@code nested}: same block size, signed dynamic map, mean subtracted).
 */
public final class Quant8 {
    private Quant8() {}

    /** Default block size of the upstream functional API. */
    public static final int DEFAULT_BLOCKSIZE = 4096;

    /** The U8 codes and their state. */
    public record Result(Tensor data, QuantState state) implements AutoCloseable {
        @Override
        public void close() {
            data.close();
            state.close();
        }
    }

    /** Quantizes with the signed dynamic map. */
    public static Result quantize(Backend b, Tensor a, int blocksize, boolean nested) {
        Tensor code = b.upload(Codebooks.dynamicSigned(), 256);
        try {
            return quantize(b, a, code, blocksize, nested);
        } catch (RuntimeException e) {
            code.close();
            throw e;
        }
    }

    /** Quantizes with {@code code} (F32[256], sorted); the state takes ownership of {@code code}. */
    public static Result quantize(Backend b, Tensor a, Tensor code, int blocksize, boolean nested) {
        Quantized q = b.quantizeBlockwise(a, code, blocksize);
        if (!nested) return new Result(q.data(), QuantState.of(q.absmax(), a.shape(), a.dtype(), blocksize, code, null));
        try (Tensor absmax = q.absmax()) {
            float[] am = b.downloadFloats(absmax);
            float offset = mean(am);
            for (int i = 0; i < am.length; i++) am[i] -= offset;
            try (Tensor centred = b.upload(am, am.length)) {
                Tensor dyn = b.upload(Codebooks.dynamicSigned(), 256);
                Quantized q2 = b.quantizeBlockwise(centred, dyn, blocksize);
                QuantState state2 = QuantState.of(q2.absmax(), null, DType.F32, blocksize, dyn, null);
                return new Result(q.data(), new QuantState(q2.data(), a.shape(), a.dtype(), blocksize, code, null, state2, offset));
            }
        }
    }

    /** Dequantizes to the state's dtype (and shape when recorded). */
    public static Tensor dequantize(Backend b, Tensor data, QuantState s) {
        if (s.quantType() != null) throw new IllegalArgumentException("state is a 4-bit QuantState; use Quant4.dequantize");
        if (!s.isNested()) return b.dequantizeBlockwise(data, s.absmax(), s.code(), s.blocksize(), s.dtype());
        QuantState n = s.nested();
        float[] am;
        try (Tensor deq = b.dequantizeBlockwise(s.absmax(), n.absmax(), n.code(), n.blocksize(), DType.F32)) {
            am = b.downloadFloats(deq);
        }
        for (int i = 0; i < am.length; i++) am[i] += s.offset();
        try (Tensor absmax = b.upload(am, am.length)) {
            return b.dequantizeBlockwise(data, absmax, s.code(), s.blocksize(), s.dtype());
        }
    }

    /** float32 mean as a correctly rounded double sum (upstream's torch mean may differ by an ulp; the offset is stored, so readers agree). */
    static float mean(float[] v) {
        double sum = 0;
        for (float x : v) sum += x;
        return v.length == 0 ? 0f : (float) (sum / v.length);
    }
}
