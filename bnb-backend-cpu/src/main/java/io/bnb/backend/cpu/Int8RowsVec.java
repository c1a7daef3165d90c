package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.Half;
import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.FloatLanesVec.*;

/**
 * Vector path of {@link Int8Rows}, bit-identical to it. For F16 and BF16 rows the absmax and
 * the outlier test run on the magnitude bits ({@code bits & 0x7fff}) in 16-bit lanes: for
 * non-NaN halves their integer order is the order of |x|, and {@code |x| >= threshold} is
 * {@code bits >= } the smallest half not below the threshold. Codes are computed in float32
 * lanes with the same arithmetic as the scalar path.
 */
final class Int8RowsVec {
    private Int8RowsVec() {}

    private static final VectorSpecies<Short> S = L >= 16 ? ShortVector.SPECIES_512 : ShortVector.SPECIES_256;
    private static final int SL = S.length();

    static void quantize(MemorySegment a, DType t, int k, long r0, long r1, float threshold,
                         MemorySegment q, MemorySegment stats, boolean[] outlier) {
        a = Segments.nativeSegment(a);
        q = Segments.nativeSegment(q);
        stats = Segments.nativeSegment(stats);
        boolean thr = threshold > 0;
        boolean half = t != DType.F32;
        short inf = (short) (t == DType.F16 ? 0x7c00 : 0x7f80);
        short thrBits = half ? halfCeil(threshold, t) : 0;
        for (long r = r0; r < r1; r++) {
            long base = r * k;
            float amax = half ? halfAbsmax(a, t, k, base, thr, thrBits, inf, outlier) : floatAbsmax(a, k, base, thr, threshold, outlier);
            stats.setAtIndex(FloatLanes.F32, r, amax);
            float scale = Int8Rows.scale(amax);
            if (amax == 0f || !Float.isFinite(amax) || Float.isInfinite(scale)) {
                Int8Rows.quantizeRow(a, t, k, base, threshold, amax, q);
                continue;
            }
            codes(a, t, k, base, thr, threshold, thrBits, scale, q);
        }
    }

    /** Smallest half-precision magnitude pattern whose value is {@code >= threshold}. */
    static short halfCeil(float threshold, DType t) {
        float f = FloatLanes.round(threshold, t);
        short bits = t == DType.F16 ? Float.floatToFloat16(f) : Half.f32ToBf16(f);
        return (short) (f < threshold ? bits + 1 : bits);
    }

    private static float halfAbsmax(MemorySegment a, DType t, int k, long base, boolean thr, short thrBits, short inf, boolean[] outlier) {
        a = Segments.nativeSegment(a);
        int kv = k - k % SL;
        ShortVector vmax = ShortVector.zero(S);
        for (int c = 0; c < kv; c += SL) {
            ShortVector mag = ShortVector.fromMemorySegment(S, a, (base + c) * 2, LE).and((short) 0x7fff);
            if (thr) {
                VectorMask<Short> out = mag.compare(VectorOperators.GE, thrBits).and(mag.compare(VectorOperators.LE, inf));
                if (out.anyTrue()) {
                    flag(out.toLong(), c, outlier);
                    mag = mag.blend((short) 0, out);
                }
            }
            vmax = vmax.max(mag);
        }
        int m = vmax.reduceLanes(VectorOperators.MAX);
        for (int c = kv; c < k; c++) {
            int mag = a.getAtIndex(FloatLanes.I16, base + c) & 0x7fff;
            if (thr && mag >= thrBits && mag <= inf) {
                outlier[c] = true;
                continue;
            }
            m = Math.max(m, mag);
        }
        if (m > inf) return Float.NaN;
        return t == DType.F16 ? Float.float16ToFloat((short) m) : Float.intBitsToFloat(m << 16);
    }

    private static float floatAbsmax(MemorySegment a, int k, long base, boolean thr, float threshold, boolean[] outlier) {
        a = Segments.nativeSegment(a);
        int kv = k - k % L;
        // the magnitudes' max over their int bits (one instruction, where a float max takes six for
        // Java's NaN rules); NaN bits are above every number's, and a NaN row returns NaN either way
        IntVector vmax = IntVector.zero(I);
        for (int c = 0; c < kv; c += L) {
            FloatVector ax = FloatVector.fromMemorySegment(F, a, (base + c) * 4, LE).abs();
            if (thr) {
                VectorMask<Float> out = ax.compare(VectorOperators.GE, threshold);
                if (out.anyTrue()) {
                    flag(out.toLong(), c, outlier);
                    ax = ax.blend(0f, out);
                }
            }
            vmax = vmax.max(ax.reinterpretAsInts());
        }
        int top = vmax.reduceLanes(VectorOperators.MAX);
        float amax = top > 0x7f800000 ? Float.NaN : Float.intBitsToFloat(top);
        for (int c = kv; c < k; c++) {
            float ax = Math.abs(a.getAtIndex(FloatLanes.F32, base + c));
            if (thr && ax >= threshold) {
                outlier[c] = true;
                continue;
            }
            amax = Math.max(amax, ax);
        }
        return amax != amax ? Float.NaN : amax;
    }

    /**
     * Codes of a row with a finite, non-zero absmax: then every element that is not an outlier is
     * finite (infinities are outliers and coded 0), so the bit compares of the threshold order the
     * values as the float compares would.
     */
    private static void codes(MemorySegment a, DType t, int k, long base, boolean thr, float threshold, short thrBits,
                              float scale, MemorySegment q) {
        int kv = k - k % L;
        // one loop per dtype: vectors and masks never merge across dtype branches (C2 would box them)
        switch (t) {
            case F32 -> codesF32(a, kv, base, thr, threshold, scale, q);
            case BF16 -> codesBf16(a, kv, base, thr, thrBits, scale, q);
            default -> codesF16(a, kv, base, thr, threshold, scale, q);
        }
        for (int c = kv; c < k; c++) {
            float x = FloatLanes.get(a, t, base + c);
            q.set(FloatLanes.I8, base + c, thr && Math.abs(x) >= threshold ? 0 : Int8Rows.code(x * scale));
        }
    }

    private static IntVector rounded(FloatVector x, float scale) {
        return x.mul(scale).add(Int8Rows.MAGIC).reinterpretAsInts().sub(Int8Rows.MAGIC_BITS);
    }

    private static void store(IntVector code, MemorySegment q, long at) {
        ((ByteVector) code.convertShape(VectorOperators.I2B, B, 0)).intoMemorySegment(q, at, LE);
    }

    private static void codesF32(MemorySegment a, int kv, long base, boolean thr, float threshold, float scale, MemorySegment q) {
        a = Segments.nativeSegment(a);
        q = Segments.nativeSegment(q);
        for (int c = 0; c < kv; c += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, a, (base + c) * 4, LE);
            IntVector code = rounded(x, scale);
            // |x| >= threshold on the bits of |x| (same order for the finite values a codes() row holds)
            if (thr) code = code.blend(0, x.abs().reinterpretAsInts().compare(VectorOperators.GE, Float.floatToRawIntBits(threshold)));
            store(code, q, base + c);
        }
    }

    private static IntVector halves(MemorySegment a, long at) {
        return (IntVector) ShortVector.fromMemorySegment(H, a, at * 2, LE).convertShape(VectorOperators.S2I, I, 0);
    }

    private static void codesBf16(MemorySegment a, int kv, long base, boolean thr, short thrBits, float scale, MemorySegment q) {
        a = Segments.nativeSegment(a);
        q = Segments.nativeSegment(q);
        for (int c = 0; c < kv; c += L) {
            IntVector h = halves(a, base + c);
            IntVector code = rounded(h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), scale);
            if (thr) code = code.blend(0, h.and(0x7fff).compare(VectorOperators.GE, thrBits & 0xffff));
            store(code, q, base + c);
        }
    }

    /**
     * F16 rows are widened by C2's own vectorized conversion ({@link Vec#widenF16}) into a float row,
     * then coded as F32 rows are. The bit-level conversion in int lanes that this replaces needed three
     * int/float reinterprets per vector, and one of them fell back to the JDK's generic code in about
     * one full bench run in three (100.7 MB a call, sessions 24–28); the bench's BF16 row never did.
     * The same codes: the widening is exact, and {@code |x| >= threshold} on the floats is
     * {@code mag >= halfCeil(threshold)} on the halves.
     */
    private static void codesF16(MemorySegment a, int kv, long base, boolean thr, float threshold, float scale, MemorySegment q) {
        q = Segments.nativeSegment(q);
        float[] row = F16_ROW.floatsAtLeast(0, kv);
        Vec.widenF16(a, base, kv, row, 0);
        for (int c = 0; c < kv; c += L) {
            FloatVector x = FloatVector.fromArray(F, row, c);
            IntVector code = rounded(x, scale);
            if (thr) code = code.blend(0, x.abs().compare(VectorOperators.GE, threshold).cast(I));
            store(code, q, base + c);
        }
    }

    /** The widened F16 row of {@link #codesF16}, one per thread. */
    private static final ChunkScratch F16_ROW = new ChunkScratch(1, 0);

    private static void flag(long bits, int c, boolean[] outlier) {
        while (bits != 0) {
            outlier[c + Long.numberOfTrailingZeros(bits)] = true;
            bits &= bits - 1;
        }
    }

    /**
     * int8VectorwiseDequant of the whole vectors of one row of {@code k} codes from element
     * {@code base}: {@code (code * stat) * (1/127)} in float32, the scalar loop's operations in its
     * order, into F32 {@code dst}. Returns the columns done; the caller does the rest.
     */
    static int dequantize(MemorySegment src, long base, int k, float stat, MemorySegment dst) {
        src = Segments.nativeSegment(src);
        dst = Segments.nativeSegment(dst);
        int kv = k - k % L;
        for (int c = 0; c < kv; c += L)
            ((FloatVector) ByteVector.fromMemorySegment(B, src, base + c, LE).convertShape(VectorOperators.B2F, F, 0))
                    .mul(stat).mul(Int8Kernels.INV127).intoMemorySegment(dst, (base + c) * 4, LE);
        return kv;
    }

    /**
     * Rows {@code [r0, r1)} of int8MmDequant ({@code n} columns): {@code fma((acc * row) * col, scale,
     * bias)} in float32 lanes, the same operations in the same order as {@link Int8Kernels#mmDequant}'s
     * scalar loop, into {@code buf}; then the row rounded once to F16 in a plain loop, which C2 turns
     * into the CPU's conversion instruction (see {@link Vec#narrowF16}), and widened again for other
     * dtypes. The scalar loop took 8.8 ms for 4096² to F16 on the 2-core Zen 4 machine; to BF16 and
     * F32, element by element, 15.1 and 12.2 ms (session 34).
     */
    static void mmDequant(MemorySegment acc, MemorySegment rowStats, float[] col, float[] bias, float scale, int n, long r0, long r1,
                          DType dtype, MemorySegment dst, float[] buf) {
        acc = Segments.nativeSegment(acc);
        rowStats = Segments.nativeSegment(rowStats);
        dst = Segments.nativeSegment(dst);
        int nv = n - n % L;
        for (long r = r0; r < r1; r++) {
            float row = rowStats.getAtIndex(FloatLanes.F32, r);
            long base = r * n;
            int c = 0;
            for (; c < nv; c += L) {
                FloatVector v = ((FloatVector) IntVector.fromMemorySegment(I, acc, (base + c) << 2, LE).convert(VectorOperators.I2F, 0))
                        .mul(row).mul(FloatVector.fromArray(F, col, c));
                v.fma(FloatVector.broadcast(F, scale), FloatVector.fromArray(F, bias, c)).intoArray(buf, c);
            }
            for (; c < n; c++) buf[c] = Math.fma(acc.getAtIndex(FloatLanes.I32, base + c) * row * col[c], scale, bias[c]);
            if (dtype == DType.F16) Vec.narrowF16(buf, 0, n, 1f, dst, base); // times 1: exact
            else {
                Vec.roundF16(buf, 0, n);
                if (dtype == DType.F32) MemorySegment.copy(buf, 0, dst, FloatLanes.F32, base << 2, n);
                else Vec.narrowBf16(buf, 0, n, dst, base);
            }
        }
    }
}
