package io.bnb.backend.cpu;

import io.bnb.api.DType;
import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Shared Vector API pieces of the quantization kernels: 256-bit species (8 float lanes) and
 * exact conversions between F32/F16/BF16 memory and float vectors. Loaded only when
 * {@link Simd#ENABLED}; the kernels run their vector path only where {@link #USABLE}.
 */
final class Vec {
    private Vec() {}

    /**
     * 1.5 * 2^23. For a float {@code u} in [-2^22, 2^22], the float sum {@code u + ROUNDING} is
     * {@code u} rounded to an integer (ties to even), held in the sum's bits as
     * {@code ROUNDING_BITS + round(u)}. Kernels round this way rather than by a float-to-int
     * conversion, which C2 follows with seven instructions for Java's NaN and overflow rules.
     */
    static final float ROUNDING = 0x1.8p23f;
    static final int ROUNDING_BITS = Float.floatToRawIntBits(ROUNDING);

    static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    static final VectorSpecies<Short> S = ShortVector.SPECIES_128;
    /** Sixteen 16-bit lanes: magnitude scans over halves (absmaxBf16, Int8ColumnsVec). */
    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    /** 32 bytes: the byte tables and lookups of the 4-bit kernels. */
    static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
    static final int LANES = 8;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /**
     * The kernels are written for 8 float lanes; narrower hardware (128-bit NEON/SSE) would
     * emulate them slowly, so it keeps the scalar path.
     */
    static final boolean USABLE = FloatVector.SPECIES_PREFERRED.length() >= LANES;

    // Each dtype has its own methods: a switch over dtypes inside a hot loop makes C2 inline every
    // conversion at once, exceed its node budget and leave vectors boxed.

    static FloatVector loadF32(MemorySegment s, long i) { return FloatVector.fromMemorySegment(F, s, i << 2, LE); }

    /** Eight BF16 elements from element {@code i}, widened (exact). One body for the reason {@link #storeBf16} gives. */
    static FloatVector loadBf16(MemorySegment s, long i) {
        return ((IntVector) ShortVector.fromMemorySegment(S, s, i << 1, LE).convertShape(VectorOperators.S2I, I, 0))
                .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /**
     * Stores {@code v} as BF16 (nearest even) at element {@code i}. The narrowing and the store are
     * written here, not in a helper of their own: a helper taking a vector that C1 failed to inline
     * ("callee uses too much stack") got compiled by C2 on its own, and callers compiled after it then
     * called it with boxed vectors. 8-bit Adam on BF16 parameters spent half its time there (36-38 ms
     * against 21 for F32, session 34).
     */
    static void storeBf16(FloatVector v, MemorySegment s, long i) {
        f32ToBf16(v).convertShape(VectorOperators.I2S, S, 0).intoMemorySegment(s, i << 1, LE);
    }

    /**
     * Widens {@code len} elements from {@code start} into {@code dst} and returns their largest
     * magnitude (NaN if any is NaN, as {@link Math#max} does).
     */
    static float widenAbsmax(MemorySegment in, DType d, long start, int len, float[] dst) {
        return widenAbsmax(in, d, start, len, dst, 0);
    }

    /** As {@link #widenAbsmax(MemorySegment, DType, long, int, float[])}, writing from {@code dst[off]}. */
    static float widenAbsmax(MemorySegment in, DType d, long start, int len, float[] dst, int off) {
        return switch (d) {
            case F32 -> widenAbsmaxF32(in, start, len, dst, off);
            case BF16 -> widenAbsmaxBf16(in, start, len, dst, off);
            case F16 -> widenAbsmaxF16(in, start, len, dst, off);
            default -> throw new IllegalArgumentException("not a float dtype: " + d);
        };
    }

    private static float widenAbsmaxF32(MemorySegment in, long start, int len, float[] dst, int off) {
        in = Segments.nativeSegment(in);
        // the magnitudes compared as int bits, as in absmaxF32; with a NaN the float max over the copy decides
        IntVector m0 = IntVector.zero(I), m1 = m0;
        int i = 0;
        for (; i + 2 * LANES <= len; i += 2 * LANES) {
            FloatVector a = loadF32(in, start + i), b = loadF32(in, start + i + LANES);
            a.intoArray(dst, off + i);
            b.intoArray(dst, off + i + LANES);
            m0 = m0.max(a.reinterpretAsInts().and(0x7fffffff));
            m1 = m1.max(b.reinterpretAsInts().and(0x7fffffff));
        }
        int top = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            float v = in.getAtIndex(Elements.F32, start + i);
            dst[off + i] = v;
            top = Math.max(top, Float.floatToRawIntBits(v) & 0x7fffffff);
        }
        if (top > 0x7f800000) return BlockMathVec.absmax(dst, off, len);
        return Float.intBitsToFloat(top);
    }

    /** The absmax of {@code len} F32 elements from {@code start}, as {@link #widenAbsmax} gives it, without copying them. */
    static float absmaxF32(MemorySegment in, long start, int len) {
        in = Segments.nativeSegment(in);
        // the magnitudes' bits compared as ints (as BlockMathVec.absmax): one instruction where a
        // float max takes six for Java's NaN and signed-zero rules; a NaN has the largest bits, and
        // then the float loop decides which NaN, as before
        IntVector m0 = IntVector.zero(I), m1 = m0;
        int i = 0;
        for (; i + 2 * LANES <= len; i += 2 * LANES) {
            m0 = m0.max(loadF32(in, start + i).reinterpretAsInts().and(0x7fffffff));
            m1 = m1.max(loadF32(in, start + i + LANES).reinterpretAsInts().and(0x7fffffff));
        }
        int top = m0.max(m1).reduceLanes(VectorOperators.MAX);
        if (top > 0x7f800000) return absmaxF32Floats(in, start, len);
        float r = Float.intBitsToFloat(top);
        for (; i < len; i++) r = Math.max(r, Math.abs(in.getAtIndex(Elements.F32, start + i)));
        return r;
    }

    private static float absmaxF32Floats(MemorySegment in, long start, int len) {
        FloatVector m0 = FloatVector.zero(F), m1 = FloatVector.zero(F);
        int i = 0;
        for (; i + 2 * LANES <= len; i += 2 * LANES) {
            m0 = m0.max(loadF32(in, start + i).abs());
            m1 = m1.max(loadF32(in, start + i + LANES).abs());
        }
        float r = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) r = Math.max(r, Math.abs(in.getAtIndex(Elements.F32, start + i)));
        return r;
    }

    /**
     * Widened first, then the float max over the copy (as {@link #widenAbsmaxF16} does): the hot BF16 kernels take their
     * absmax with {@link #absmaxBf16} and widen as they go; this form serves short tails and
     * codes without a table.
     */
    private static float widenAbsmaxBf16(MemorySegment in, long start, int len, float[] dst, int off) {
        widenBf16(in, start, len, dst, off);
        return BlockMathVec.absmax(dst, off, len);
    }

    /** The absmax of {@code len} BF16 elements from {@code start}, as {@link #widenAbsmax} gives it, without widening. */
    static float absmaxBf16(MemorySegment in, long start, int len, float[] spare) {
        in = Segments.nativeSegment(in);
        ShortVector m0 = ShortVector.zero(S16), m1 = ShortVector.zero(S16);
        int i = 0;
        for (; i + 32 <= len; i += 32) {
            m0 = m0.max(ShortVector.fromMemorySegment(S16, in, (start + i) << 1, LE).and((short) 0x7fff));
            m1 = m1.max(ShortVector.fromMemorySegment(S16, in, (start + i + 16) << 1, LE).and((short) 0x7fff));
        }
        int top = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) top = Math.max(top, in.get(Elements.I16, (start + i) << 1) & 0x7fff);
        if (top > 0x7f80) return widenAbsmaxBf16(in, start, len, spare, 0);
        return Float.intBitsToFloat(top << 16);
    }

    private static float widenAbsmaxF16(MemorySegment in, long start, int len, float[] dst, int off) {
        widenF16(in, start, len, dst, off);
        return BlockMathVec.absmax(dst, off, len);
    }

    /** Widens {@code len} BF16 elements from {@code start} into {@code dst[off..]} (exact: the bits shifted up). */
    static void widenBf16(MemorySegment in, long start, int len, float[] dst, int off) {
        in = Segments.nativeSegment(in);
        int i = 0;
        for (; i + LANES <= len; i += LANES) loadBf16(in, start + i).intoArray(dst, off + i);
        for (; i < len; i++) dst[off + i] = Elements.bf16ToFloat(in.get(Elements.I16, (start + i) << 1));
    }

    /**
     * Widens {@code len} F16 elements from {@code start} into {@code dst[off..]}, exactly. A plain
     * loop on purpose: C2 turns {@link Float#float16ToFloat} in a counted loop into the hardware
     * conversion (vcvtph2ps with F16C), twice as fast here as the conversion written with the
     * Vector API (16 Mi values: 3.6-4.7 against 7.3-7.9 ms, one thread). It also leaves no
     * vector-valued helper to inline: such a helper, too big for C1 to inline, can get compiled by
     * C2 on its own first, and in a JVM whose Vector API profiles are mixed that code can come out
     * past C2's limit for inlining compiled methods (InlineSmallCode); then every caller boxes
     * (int8DoubleQuant on F16 ran 4x slower after the 4-bit benchmarks than alone).
     */
    static void widenF16(MemorySegment in, long start, int len, float[] dst, int off) {
        in = Segments.nativeSegment(in);
        for (int i = 0; i < len; i++) dst[off + i] = Float.float16ToFloat(in.get(Elements.I16, (start + i) << 1));
    }

    /** {@code out[start + i] = f16(src[off + i] * scale)} for {@code i < len}: a plain loop, as {@link #widenF16} says why. */
    static void narrowF16(float[] src, int off, int len, float scale, MemorySegment out, long start) {
        out = Segments.nativeSegment(out);
        for (int i = 0; i < len; i++) out.set(Elements.I16, (start + i) << 1, Float.floatToFloat16(src[off + i] * scale));
    }

    /**
     * Rounds {@code a[off..off + len)} to the nearest F16 value, in place (overflow to infinity, NaN
     * kept). A plain loop, as {@link #widenF16} says why: C2 turns both conversions into the CPU's.
     */
    static void roundF16(float[] a, int off, int len) {
        for (int i = off; i < off + len; i++) a[i] = Float.float16ToFloat(Float.floatToFloat16(a[i]));
    }

    /** Narrows {@code src[off..off + len)} to BF16 (nearest even, NaN kept a quiet NaN) at element {@code start} of {@code out}. */
    static void narrowBf16(float[] src, int off, int len, MemorySegment out, long start) {
        out = Segments.nativeSegment(out);
        int i = 0;
        for (; i + LANES <= len; i += LANES) storeBf16(FloatVector.fromArray(F, src, off + i), out, start + i);
        for (; i < len; i++) out.set(Elements.I16, (start + i) << 1, io.bnb.api.Half.f32ToBf16(src[off + i]));
    }

    /** IEEE binary16 (low 16 bits of each lane) to float; exact, subnormals and NaN included. */
    static FloatVector f16ToF32(IntVector h16) {
        IntVector h = h16.and(0x7fff);
        IntVector sign = h16.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector shifted = h.lanewise(VectorOperators.LSHL, 13);
        IntVector normal = shifted.add(112 << 23); // rebias exponent 15 -> 127
        IntVector sub = ((FloatVector) h.convert(VectorOperators.I2F, 0)).mul(0x1p-24f).reinterpretAsInts();
        IntVector special = shifted.or(0x7f800000);
        IntVector bits = normal.blend(sub, h.compare(VectorOperators.LT, 0x400))
                .blend(special, h.compare(VectorOperators.GE, 0x7c00));
        return bits.or(sign).reinterpretAsFloats();
    }

    /**
     * Float to binary16 bits, round to nearest even, with subnormal results, overflow to
     * infinity and NaN (as 0x7e00) — the same values as {@link Float#floatToFloat16} apart from
     * NaN payloads.
     */
    static IntVector f32ToF16(FloatVector v) {
        IntVector x = v.reinterpretAsInts();
        IntVector sign = x.lanewise(VectorOperators.LSHR, 16).and(0x8000);
        IntVector a = x.and(0x7fffffff);
        // Normal results: rebias, then add half an ulp minus one plus the lsb (ties to even) and truncate.
        IntVector odd = a.lanewise(VectorOperators.LSHR, 13).and(1);
        IntVector normal = a.add(0xc8000fff).add(odd).lanewise(VectorOperators.LSHR, 13);
        // Subnormal results: adding 0.5f makes the FPU round to the binary16 subnormal spacing 2^-24.
        IntVector sub = a.reinterpretAsFloats().add(0.5f).reinterpretAsInts().sub(0x3f000000);
        IntVector big = IntVector.broadcast(I, 0x7c00).blend(0x7e00, a.compare(VectorOperators.GT, 0x7f800000));
        IntVector h = normal.blend(sub, a.compare(VectorOperators.LT, 0x38800000))
                .blend(big, a.compare(VectorOperators.GE, 0x47800000));
        return h.or(sign);
    }

    /** Float to bfloat16 bits (low 16 bits of each lane), round to nearest even, NaN kept quiet. */
    static IntVector f32ToBf16(FloatVector v) {
        IntVector x = v.reinterpretAsInts();
        return f32ToBf16Finite(v).blend(x.lanewise(VectorOperators.LSHR, 16).or(0x40), x.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000));
    }

    /** {@link #f32ToBf16} for lanes known not to be NaN (no compare and blend). */
    static IntVector f32ToBf16Finite(FloatVector v) {
        return roundBf16(v).reinterpretAsInts().lanewise(VectorOperators.LSHR, 16);
    }

    /** Rounds each lane to the nearest bfloat16 value (ties to even), kept as float; NaN excluded. */
    static FloatVector roundBf16(FloatVector v) {
        IntVector x = v.reinterpretAsInts();
        return x.add(x.lanewise(VectorOperators.LSHR, 16).and(1)).add(0x7fff).and(0xffff0000).reinterpretAsFloats();
    }

    /** Rounds each lane to the nearest binary16 value, kept as float. */
    static FloatVector roundF16(FloatVector v) {
        return f16ToF32(f32ToF16(v));
    }

}
