package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.Half;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Scalar element access to F32/F16/BF16 (and the int types the int8 kernels use) in host
 * segments. Reads widen exactly; writes round to nearest even. The vector kernels' loads and
 * stores must give the same bits.
 */
final class FloatLanes {
    private FloatLanes() {}

    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    static final ValueLayout.OfByte I8 = ValueLayout.JAVA_BYTE;

    /**
     * Whether the int8 and optimizer kernels take their vector path: the Vector API is present and
     * a float vector has at least 8 lanes (so the matching byte vector is a legal shape).
     */
    static final boolean VECTOR = Simd.ENABLED && FloatLanesVec.wideEnough();

    /** Element {@code i} of a float tensor as float32. */
    static float get(MemorySegment s, DType t, long i) {
        return switch (t) {
            case F32 -> s.getAtIndex(F32, i);
            case F16 -> Float.float16ToFloat(s.getAtIndex(I16, i));
            case BF16 -> Float.intBitsToFloat(s.getAtIndex(I16, i) << 16);
            default -> throw new IllegalArgumentException("not a float dtype: " + t);
        };
    }

    /** Stores {@code v} rounded to {@code t}. */
    static void put(MemorySegment s, DType t, long i, float v) {
        switch (t) {
            case F32 -> s.setAtIndex(F32, i, v);
            case F16 -> s.setAtIndex(I16, i, Float.floatToFloat16(v));
            case BF16 -> s.setAtIndex(I16, i, Half.f32ToBf16(v));
            default -> throw new IllegalArgumentException("not a float dtype: " + t);
        }
    }

    /** Reads {@code len} elements starting at element {@code from} into {@code dst[off..]}. */
    static void read(MemorySegment s, DType t, long from, float[] dst, int off, int len) {
        s = Segments.nativeSegment(s);
        switch (t) {
            case F32 -> MemorySegment.copy(s, F32, from * 4, dst, off, len);
            case F16 -> readF16(s, from, dst, off, len);
            // BF16 by vectors where they serve: C2 does not vectorize the plain loop (it does F16's), and
            // BF16 parameters made the optimizers 1.4-1.6 times slower than F32 ones (session 33)
            case BF16 -> {
                if (VECTOR) Vec.widenBf16(s, from, len, dst, off);
                else readBf16(s, from, dst, off, len);
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + t);
        }
    }

    /** Writes {@code src[off..off+len)} rounded to {@code t} starting at element {@code from}. */
    static void write(MemorySegment s, DType t, long from, float[] src, int off, int len) {
        s = Segments.nativeSegment(s);
        switch (t) {
            case F32 -> MemorySegment.copy(src, off, s, F32, from * 4, len);
            case F16 -> writeF16(s, from, src, off, len);
            case BF16 -> {
                if (VECTOR) Vec.narrowBf16(src, off, len, s, from);
                else writeBf16(s, from, src, off, len);
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + t);
        }
    }

    // Each dtype's loop in a method of its own. Written inside read's or write's switch, a loop that
    // was cold when C2 compiled the switch ran with its element accesses as calls: 8-bit Adam on
    // F16 parameters took 280 ms against 30 after steps on F32 and BF16 ones (session 33).

    private static void readF16(MemorySegment s, long from, float[] dst, int off, int len) {
        for (int i = 0; i < len; i++) dst[off + i] = Float.float16ToFloat(s.getAtIndex(I16, from + i));
    }

    private static void readBf16(MemorySegment s, long from, float[] dst, int off, int len) {
        for (int i = 0; i < len; i++) dst[off + i] = Float.intBitsToFloat(s.getAtIndex(I16, from + i) << 16);
    }

    private static void writeF16(MemorySegment s, long from, float[] src, int off, int len) {
        for (int i = 0; i < len; i++) s.setAtIndex(I16, from + i, Float.floatToFloat16(src[off + i]));
    }

    private static void writeBf16(MemorySegment s, long from, float[] src, int off, int len) {
        for (int i = 0; i < len; i++) s.setAtIndex(I16, from + i, Half.f32ToBf16(src[off + i]));
    }

    /** {@code v} rounded to the precision of {@code t} (identity for F32). */
    static float round(float v, DType t) {
        return switch (t) {
            case F32 -> v;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(v));
            case BF16 -> Float.intBitsToFloat(Half.f32ToBf16(v) << 16);
            default -> throw new IllegalArgumentException("not a float dtype: " + t);
        };
    }
}
