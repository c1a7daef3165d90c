package io.bnb.api;

/**
 * Exact conversions between float32 and the 16-bit float formats, round-to-nearest-even,
 * NaN, infinities and subnormals preserved (NaN payloads are quieted).
 */
public final class Half {
    private Half() {}

    /** IEEE binary16 bits to float. */
    public static float f16ToF32(short bits) { return Float.float16ToFloat(bits); }

    /** float to IEEE binary16 bits, round-to-nearest-even. */
    public static short f32ToF16(float f) { return Float.floatToFloat16(f); }

    /** bfloat16 bits to float (exact: bf16 is the top half of a float32). */
    public static float bf16ToF32(short bits) { return Float.intBitsToFloat((bits & 0xffff) << 16); }

    /** float to bfloat16 bits, round-to-nearest-even; NaN stays NaN (quiet bit set). */
    public static short f32ToBf16(float f) {
        int x = Float.floatToRawIntBits(f);
        if ((x & 0x7fffffff) > 0x7f800000) return (short) ((x >>> 16) | 0x0040);
        int lsb = (x >>> 16) & 1;
        return (short) ((x + 0x7fff + lsb) >>> 16);
    }

    /** Rounds a float to the nearest value representable in {@code dtype} (F32, F16 or BF16). */
    public static float round(float f, DType dtype) {
        return switch (dtype) {
            case F32 -> f;
            case F16 -> f16ToF32(f32ToF16(f));
            case BF16 -> bf16ToF32(f32ToBf16(f));
            default -> throw new IllegalArgumentException("dtype must be F32, F16 or BF16, got " + dtype);
        };
    }
}
