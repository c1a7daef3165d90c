package io.bnb.backend.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.FloatLanesVec.LE;

/**
 * The int8 matmul in 512-bit vectors, for more than eight rows of A on hardware with native
 * 512-bit vectors: a panel of sixteen rows of A is transposed to floats (row i in lane i), and each
 * K step is one vector of it against twelve rows of B, broadcast one value at a time. That is
 * twelve FMAs of sixteen multiply-adds for one vector load, and the broadcasts fold into the FMAs.
 *
 * <p>Why a kernel of its own on Zen 4, where the other int8 kernels keep 256-bit vectors
 * ({@link FloatLanesVec}): its FMA pipes do one 512-bit FMA a cycle, the same multiply-adds as two
 * 256-bit ones, but the 512-bit tile needs half the instructions per multiply-add. The same two
 * loops written in C ran at 15.2 and 13.4 multiply-adds a cycle (session 34).
 *
 * <p>Exactness as in {@link Int8GemmVec}: every product is an integer of magnitude at most 2^14 and
 * a lane sums at most {@link #KL} of them in float, below 2^24; the block sums are added in int32.
 */
final class Int8GemmWide {
    private Int8GemmWide() {}

    private static final VectorSpecies<Float> W = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> WI = IntVector.SPECIES_512;
    private static final VectorSpecies<Byte> WB = ByteVector.SPECIES_128;
    /** Rows of A per panel (one per lane) and rows of B per tile. */
    static final int LANES = 16, B_ROWS = 12;

    /**
     * Where the hardware has 512-bit vectors. {@code -Dbnb.cpu.int8Wide=false} turns it off;
     * {@code =true} forces it on any machine, where the Vector API emulates the vectors slowly:
     * how CI tests this kernel on AVX2 machines. Not for production.
     */
    static final boolean USABLE = Boolean.parseBoolean(System.getProperty("bnb.cpu.int8Wide",
            String.valueOf(FloatVector.SPECIES_PREFERRED.length() >= 16)));

    /** Whether this kernel serves {@code m} rows: up to eight, a panel would be mostly padding. */
    static boolean pays(int m) { return USABLE && m > 8; }

    /** K per block: a lane sums at most KL products of magnitude at most 2^14, so at most 2^24. */
    static final int KL = 1024;

    /**
     * K per part of a row in the B buffer, and the distance of its rows: a constant, so that the
     * tile reads twelve rows from one index with fixed displacements (with variable ones C2 ran out
     * of registers, session 30). One cache line past 16 KiB: rows a multiple of 4 KiB apart share
     * L1 sets (4 KiB aliasing).
     */
    static final int PART = 4096, ROW = PART + 16;

    /** Where element {@code kk} of row {@code j} lies in a B buffer: parts one after another, in each the rows {@link #ROW} apart. */
    static int blocked(int j, int kk) { return (kk / PART) * (B_ROWS * ROW) + j * ROW + kk % PART; }

    static int blockedSize(int k) { return blocked(B_ROWS - 1, k - 1) + 1; }

    /**
     * Per thread: the tile's float sums and the float B buffer; the int sums and the int B buffer.
     * The two B buffers take turns (the group being multiplied, the next one being widened) and differ
     * in type on purpose. Each B value is broadcast from its int bits, because C2 then folds the load
     * into {@code vpbroadcastd zmm, m32}; its float form ({@code vbroadcastss}) costs Zen 4 a shuffle
     * besides. And C2 folds the load only where the loop stores nothing of the same array type. With
     * float broadcasts the tile ran at 10-11.7 multiply-adds a cycle, with int ones from one array type
     * while storing to the other at 15 (session 34).
     */
    private static final ChunkScratch SCRATCH = new ChunkScratch(2, 2);

    static void multiply(MemorySegment a, MemorySegment b, MemorySegment c, int m, int n, int k, long minParallel) {
        MemorySegment as = Segments.nativeSegment(a);
        byte[] row = new byte[k];
        // native and 64-byte aligned, so that no tile load straddles two cache lines
        long panelBytes = (long) LANES * k * Float.BYTES;
        MemorySegment at = Segments.nativeSegment(NativeScratch.take(panelBytes));
        try {
            for (int p0 = 0; p0 < m; p0 += LANES) {
                int p = p0, mp = Math.min(LANES, m - p0);
                if (mp < LANES) at.asSlice(0, panelBytes).fill((byte) 0); // a pooled block may be larger than the panel
                for (int i = 0; i < mp; i++) {
                    MemorySegment.copy(as, FloatLanes.I8, (long) (p0 + i) * k, row, 0, k);
                    for (int q = 0; q < k; q++) at.setAtIndex(FloatLanes.F32, (long) q * LANES + i, row[q]);
                }
                // chunks of about 2^21 multiply-adds at least: with the default (a 32nd of N on two threads,
                // 11 groups at N = 4096) the thread that finished first waited up to 0.15 ms for the
                // other: 3.13-3.38 against 2.89-3.06 ms (session 34)
                long minChunk = Math.max(B_ROWS, (1L << 21) / ((long) LANES * k));
                Parallel.forRange(n, B_ROWS, minParallel, minChunk, (n0, n1) -> columns(at, p, mp, b, c, n, k, (int) n0, (int) n1));
            }
        } finally {
            NativeScratch.give(at);
        }
    }

    /**
     * Columns {@code [n0, n1)} of rows {@code [p0, p0 + mp)} of C, twelve at a time. While a group's
     * tiles run, the next group's rows (one contiguous run of B) are widened into the other buffer,
     * one vector per K step, as in {@link Int8GemmVec}: the conversions use other pipes than the
     * FMAs. Where K is not a whole number of vectors, each group is widened whole before its tiles.
     */
    private static void columns(MemorySegment at, int p0, int mp, MemorySegment b, MemorySegment c, int n, int k, int n0, int n1) {
        b = Segments.nativeSegment(b);
        c = Segments.nativeSegment(c);
        int size = blockedSize(k);
        int[] ints = SCRATCH.ints(1, size);
        float[] floats = SCRATCH.floats(1, size);
        float[] out = SCRATCH.floats(0, B_ROWS * LANES);
        int[] sums = SCRATCH.ints(0, B_ROWS * LANES);
        boolean overlap = k % LANES == 0, inInts = true;
        // rows past nb (the last group) hold zeros or an earlier group's values (finite): their sums are never read
        widen(b, (long) n0 * k, k, 0, Math.min(B_ROWS, n1 - n0) * k, ints, null);
        for (int j0 = n0; j0 < n1; j0 += B_ROWS) {
            int nb = Math.min(B_ROWS, n1 - j0);
            int nextLen = Math.max(0, Math.min(B_ROWS, n1 - j0 - B_ROWS)) * k, done = 0;
            long nextFrom = (long) (j0 + B_ROWS) * k;
            int[] nextInts = inInts ? null : ints;
            float[] nextFloats = inInts ? floats : null;
            if (!overlap) widen(b, nextFrom, k, 0, nextLen, nextInts, nextFloats);
            java.util.Arrays.fill(sums, 0);
            for (int k0 = 0; k0 < k; k0 += KL) {
                // KL divides PART: a block never straddles two parts
                int kb = Math.min(KL, k - k0), base = blocked(0, k0);
                for (int s = 0; s < kb; ) {
                    int steps = kb - s, vectors = 0, to = 0;
                    if (overlap && done < nextLen) {
                        int kk = done % k;
                        // vectors to the end of this stretch of the run (a row's part): at least one
                        vectors = Math.min(steps, Math.min(PART - kk % PART, k - kk) / LANES);
                        steps = vectors;
                        to = blocked(done / k, kk);
                    }
                    long ao = (long) (k0 + s) * LANES * Float.BYTES, src = nextFrom + done;
                    if (inInts) tileInts(at, ao, ints, base + s, steps, out, s > 0, b, src, vectors, floats, to);
                    else tileFloats(at, ao, floats, base + s, steps, out, s > 0, b, src, vectors, ints, to);
                    done += vectors * LANES;
                    s += steps;
                }
                for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
            }
            if (overlap && done < nextLen) widen(b, nextFrom, k, done, nextLen, nextInts, nextFloats);
            for (int j = 0; j < nb; j++)
                for (int i = 0; i < mp; i++) c.setAtIndex(FloatLanes.I32, (long) (p0 + i) * n + j0 + j, sums[j * LANES + i]);
            inInts = !inInts;
        }
    }

    /**
     * Elements {@code [e0, e1)} of the run of rows of {@code k} int8 values from byte {@code from} of
     * {@code b}, widened into a B buffer: {@code ints} (as float bits), or {@code floats} where it is null.
     */
    private static void widen(MemorySegment b, long from, int k, int e0, int e1, int[] ints, float[] floats) {
        for (int e = e0; e < e1; ) {
            int kk = e % k, len = Math.min(Math.min(PART - kk % PART, k - kk), e1 - e), off = blocked(e / k, kk);
            long src = from + e;
            int x = 0, lv = len - len % LANES;
            for (; x < lv; x += LANES) {
                FloatVector f = (FloatVector) ByteVector.fromMemorySegment(WB, b, src + x, LE).convertShape(VectorOperators.B2F, W, 0);
                if (ints != null) f.reinterpretAsInts().intoArray(ints, off + x);
                else f.intoArray(floats, off + x);
            }
            for (; x < len; x++) {
                float v = b.get(FloatLanes.I8, src + x);
                if (ints != null) ints[off + x] = Float.floatToRawIntBits(v);
                else floats[off + x] = v;
            }
            e += len;
        }
    }

    /**
     * {@code out[j·LANES + i] = Σ_x at[x·LANES + i] · b[bo + j·ROW + x]} for x < {@code len}, i < 16,
     * j < 12 (added to {@code out} when {@code add}), A's floats from byte {@code ao} of a native
     * segment, B's as int bits. Meanwhile widens {@code widen} (at most {@code len}) vectors of int8
     * values from byte {@code src} of {@code in} to floats at element {@code off} of {@code dst},
     * one per K step. Two loops, with and without the widening: one loop testing the step count was
     * slower (session 26).
     */
    private static void tileInts(MemorySegment at, long ao, int[] b, int bo, int len, float[] out, boolean add,
                                 MemorySegment in, long src, int widen, float[] dst, int off) {
        at = Segments.nativeSegment(at);
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        if (widen > 0) in = Segments.nativeSegment(in);
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, LE).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsFloats().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), LE);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), LE);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }

    /**
     * {@code out[j·LANES + i] = Σ_x at[x·LANES + i] · b[bo + j·ROW + x]} for x < {@code len}, i < 16,
     * j < 12 (added to {@code out} when {@code add}), A's floats from byte {@code ao} of a native
     * segment, B's floats (broadcast from their bits). Meanwhile widens {@code widen} (at most {@code len}) vectors of int8
     * values from byte {@code src} of {@code in} to floats at element {@code off} of {@code dst},
     * one per K step: {@link #tileInts} with the arrays' roles swapped.
     */
    private static void tileFloats(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                                  MemorySegment in, long src, int widen, int[] dst, int off) {
        at = Segments.nativeSegment(at);
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        if (widen > 0) in = Segments.nativeSegment(in);
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, LE).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsInts().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), LE);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx])).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + ROW])).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 2 * ROW])).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 3 * ROW])).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 4 * ROW])).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 5 * ROW])).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 6 * ROW])).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 7 * ROW])).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 8 * ROW])).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 9 * ROW])).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 10 * ROW])).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 11 * ROW])).reinterpretAsFloats(), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), LE);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx])).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + ROW])).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 2 * ROW])).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 3 * ROW])).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 4 * ROW])).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 5 * ROW])).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 6 * ROW])).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 7 * ROW])).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 8 * ROW])).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 9 * ROW])).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 10 * ROW])).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 11 * ROW])).reinterpretAsFloats(), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
}
