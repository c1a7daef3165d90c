package io.bnb.backend.cpu;

import io.bnb.api.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Scalar reads and writes of F32/F16/BF16 elements in a segment: widening is exact, narrowing
 * rounds to nearest even (the one rounding every op applies to its float32 result).
 */
final class Elements {
    private Elements() {}

    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    /** Element {@code i} of a float tensor, widened to float. */
    static float get(MemorySegment s, DType d, long i) {
        return switch (d) {
            case F32 -> s.get(F32, i << 2);
            case F16 -> Float.float16ToFloat(s.get(I16, i << 1));
            case BF16 -> bf16ToFloat(s.get(I16, i << 1));
            default -> throw new IllegalArgumentException("not a float dtype: " + d);
        };
    }

    /** The float of bfloat16 bits (the low 16 bits of {@code bits}). */
    static float bf16ToFloat(int bits) { return Float.intBitsToFloat(bits << 16); }

    /** Stores {@code v} rounded to {@code d}. */
    static void put(MemorySegment s, DType d, long i, float v) {
        switch (d) {
            case F32 -> s.set(F32, i << 2, v);
            case F16 -> s.set(I16, i << 1, Float.floatToFloat16(v));
            case BF16 -> s.set(I16, i << 1, bf16(v));
            default -> throw new IllegalArgumentException("not a float dtype: " + d);
        }
    }

    /** float to bfloat16 bits, round to nearest even; NaN stays a (quiet) NaN. */
    static short bf16(float f) {
        int x = Float.floatToRawIntBits(f);
        if ((x & 0x7fffffff) > 0x7f800000) return (short) ((x >>> 16) | 0x0040);
        return (short) ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16);
    }

    /** {@code v} rounded to the nearest value of {@code d}, as a float. */
    static float round(float v, DType d) {
        return switch (d) {
            case F32 -> v;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(v));
            case BF16 -> Float.intBitsToFloat(bf16(v) << 16);
            default -> throw new IllegalArgumentException("not a float dtype: " + d);
        };
    }
}
