package io.bnb.backend.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.FloatLanesVec.F;
import static io.bnb.backend.cpu.FloatLanesVec.L;
import static io.bnb.backend.cpu.FloatLanesVec.LE;

/**
 * Register tiles of the matmuls that widen both operands to float first.
 * <ul>
 * <li>{@link #tile42}: four rows of A against two rows of B, both along K in lanes (int8 with
 * four rows up to a vector's lanes, and the 4-bit matmul for several activation rows). Eight lane sums stay in registers;
 * six vector loads feed eight FMAs, and a dot product per row pair would take two per FMA.
 * <li>{@link #rowsInLanes}: one row of A per lane, {@link #B_ROWS} rows of B (a constant
 * {@link #ROW} apart) broadcast one value at a time (both matmuls with more rows than a vector has
 * lanes). With six rows: twelve sums, two loads and six broadcasts per twelve FMAs, and no lane sums
 * to add up at the end. With four (16 registers): 14 of the 16 multiply-adds a cycle that the two
 * FMA pipes allow (one thread, Zen 3 at 3.2 GHz, data in cache: 45 G a second); {@link #tile42}
 * measured 28–30 G a second on an earlier Zen 3.
 * </ul>
 */
final class FloatTiles {
    private FloatTiles() {}

    /**
     * Rows {@code ao + r·as} (r < 4) of {@code a} against rows {@code bo} and {@code bo + bs} of
     * {@code b}, over {@code len} floats (a whole number of vectors), added to the eight lane sums
     * at {@code acc[co + r·accRow + c·L]} (c < 2).
     */
    static void tile42(float[] a, int ao, int as, float[] b, int bo, int bs, int len, float[] acc, int co, int accRow) {
        int r1 = co + accRow, r2 = r1 + accRow, r3 = r2 + accRow;
        FloatVector c00 = FloatVector.fromArray(F, acc, co), c01 = FloatVector.fromArray(F, acc, co + L);
        FloatVector c10 = FloatVector.fromArray(F, acc, r1), c11 = FloatVector.fromArray(F, acc, r1 + L);
        FloatVector c20 = FloatVector.fromArray(F, acc, r2), c21 = FloatVector.fromArray(F, acc, r2 + L);
        FloatVector c30 = FloatVector.fromArray(F, acc, r3), c31 = FloatVector.fromArray(F, acc, r3 + L);
        int a1 = ao + as, a2 = a1 + as, a3 = a2 + as, b1 = bo + bs;
        for (int x = 0; x < len; x += L) {
            FloatVector v0 = FloatVector.fromArray(F, b, bo + x), v1 = FloatVector.fromArray(F, b, b1 + x);
            FloatVector av = FloatVector.fromArray(F, a, ao + x);
            c00 = av.fma(v0, c00);
            c01 = av.fma(v1, c01);
            av = FloatVector.fromArray(F, a, a1 + x);
            c10 = av.fma(v0, c10);
            c11 = av.fma(v1, c11);
            av = FloatVector.fromArray(F, a, a2 + x);
            c20 = av.fma(v0, c20);
            c21 = av.fma(v1, c21);
            av = FloatVector.fromArray(F, a, a3 + x);
            c30 = av.fma(v0, c30);
            c31 = av.fma(v1, c31);
        }
        c00.intoArray(acc, co);
        c01.intoArray(acc, co + L);
        c10.intoArray(acc, r1);
        c11.intoArray(acc, r1 + L);
        c20.intoArray(acc, r2);
        c21.intoArray(acc, r2 + L);
        c30.intoArray(acc, r3);
        c31.intoArray(acc, r3 + L);
    }

    /** Rows of A per {@link #rowsInLanes} tile (two vectors). */
    static final int LANE_ROWS = 2 * L;

    /**
     * Rows of B per {@link #rowsInLanes} tile: six where the processor has 32 vector registers
     * (AVX-512, which is what a preferred species of 512 bits means), four where it has 16 (AVX2).
     * Six rows take 12 sums, two A vectors and a broadcast: C2 hoists the six broadcasts above the
     * FMAs, which needs 20 registers, and with 16 it kept four sums on the stack: 15 cycles per K
     * step against 4.5 for four rows (one thread, Zen 3, session 35), and int8 matmul at M = 16,
     * 4096², ran at 0.07 TOPS.
     */
    static final int B_ROWS = FloatVector.SPECIES_PREFERRED.length() >= 16 ? 6 : 4;

    /**
     * Writes the {@code k} floats of {@code row} as lane {@code lane} of the {@link #rowsInLanes}
     * panel that starts at float {@code panel} of {@code at}: value q at {@code panel + q·LANE_ROWS + lane}.
     */
    static void putLane(MemorySegment at, long panel, int lane, float[] row, int k) {
        for (int q = 0; q < k; q++) at.setAtIndex(FloatLanes.F32, panel + (long) q * LANE_ROWS + lane, row[q]);
    }

    /** Whether {@link #rowsInLanes} pays for {@code m} rows of A: up to a vector's worth its lanes would be mostly padding. */
    static boolean rowsInLanesPay(int m) { return m > L; }

    /**
     * Row distance of {@link #rowsInLanes}'s B buffer: a constant, so that the tile reads its
     * six rows from one index with fixed displacements. 16 Ki floats and one cache line: at a
     * multiple of 4 KiB the six rows' reads shared their L1 sets with each other and with the
     * widening's stores (4 KiB aliasing), and took 20-25 % more time.
     */
    static final int ROW = (1 << 14) + 16;

    /** K per part of a row in a {@link #blocked} buffer: at most K = 16 Ki in one part. */
    static final int PART = 1 << 14;

    /**
     * Where element {@code kk} of row {@code j} goes in a buffer of {@link #B_ROWS} rows for
     * {@link #rowsInLanes}: parts of {@link #PART} one after another, in each the rows
     * {@link #ROW} apart.
     */
    static int blocked(int j, int kk) { return (kk / PART) * (B_ROWS * ROW) + j * ROW + kk % PART; }

    /** Floats of a {@link #blocked} buffer for rows of {@code k}. */
    static int blockedSize(int k) { return blocked(B_ROWS - 1, k - 1) + 1; }

    /**
     * {@code out[j·LANE_ROWS + i] = Σ_x at[x·LANE_ROWS + i] · b[bo + j·ROW + x]} for x < {@code len},
     * i < LANE_ROWS and j < B_ROWS (added to {@code out} when {@code add}): A transposed (row i of A in
     * lane i of each K step, the floats from byte {@code ao} of a native segment, 64-byte aligned),
     * B_ROWS rows of B {@link #ROW} apart. Meanwhile widens {@code widen} (at most {@code len}) vectors
     * of int8 values from byte {@code src} of {@code in} to floats at {@code dst[off..]}, one vector
     * per K step: the int8 matmul widens the next rows of B this way while the FMAs of these run
     * (the conversions use other ports than the FMAs, and B's reads from memory overlap them).
     * With the rows at a variable distance (six offsets, more than C2 had registers for: it spilled
     * them to vector registers and the stack) the same loop took 30-40 % more time (6.6-6.8 against
     * 4.9-5.1 ms, one thread, M = 16, 4096², session 30). Two loops, with and without the widening:
     * one loop testing the step count took 25 % more time (session 26). The widened vectors are cast
     * to FloatVector: reinterpretAsFloats() goes through the API's conversion code even when the species
     * stays, and in one full bench run the JIT left that as a call that allocated (int8 matmul 99.5 MB
     * a call, session 36).
     */
    static void rowsInLanes(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                            MemorySegment in, long src, int widen, float[] dst, int off) {
        if (B_ROWS == 6) sixRows(at, ao, b, bo, len, out, add, in, src, widen, dst, off);
        else fourRows(at, ao, b, bo, len, out, add, in, src, widen, dst, off);
    }

    /** {@link #rowsInLanes} with six rows of B. */
    static void sixRows(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                        MemorySegment in, long src, int widen, float[] dst, int off) {
        at = Segments.nativeSegment(at);
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument
        // slows every kernel compiled after it (int8VectorwiseQuant BF16 1.1 -> 3.1 ms in full bench runs, session 26)
        if (widen > 0) in = Segments.nativeSegment(in);
        FloatVector c00, c01, c02, c03, c04, c05, c10, c11, c12, c13, c14, c15;
        if (add) {
            c00 = FloatVector.fromArray(F, out, 0);
            c10 = FloatVector.fromArray(F, out, L);
            c01 = FloatVector.fromArray(F, out, LANE_ROWS);
            c11 = FloatVector.fromArray(F, out, LANE_ROWS + L);
            c02 = FloatVector.fromArray(F, out, 2 * LANE_ROWS);
            c12 = FloatVector.fromArray(F, out, 2 * LANE_ROWS + L);
            c03 = FloatVector.fromArray(F, out, 3 * LANE_ROWS);
            c13 = FloatVector.fromArray(F, out, 3 * LANE_ROWS + L);
            c04 = FloatVector.fromArray(F, out, 4 * LANE_ROWS);
            c14 = FloatVector.fromArray(F, out, 4 * LANE_ROWS + L);
            c05 = FloatVector.fromArray(F, out, 5 * LANE_ROWS);
            c15 = FloatVector.fromArray(F, out, 5 * LANE_ROWS + L);
        } else {
            c00 = FloatVector.zero(F);
            c01 = c00; c02 = c00; c03 = c00; c04 = c00; c05 = c00;
            c10 = c00; c11 = c00; c12 = c00; c13 = c00; c14 = c00; c15 = c00;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ((FloatVector) ByteVector.fromMemorySegment(FloatLanesVec.B, in, src + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0))
                    .intoArray(dst, off + x * L);
            long ax = ao + (long) x * (Float.BYTES * LANE_ROWS);
            FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
            int bx = bo + x;
            FloatVector w = FloatVector.broadcast(F, b[bx]);
            c00 = a0.fma(w, c00);
            c10 = a1.fma(w, c10);
            w = FloatVector.broadcast(F, b[bx + ROW]);
            c01 = a0.fma(w, c01);
            c11 = a1.fma(w, c11);
            w = FloatVector.broadcast(F, b[bx + 2 * ROW]);
            c02 = a0.fma(w, c02);
            c12 = a1.fma(w, c12);
            w = FloatVector.broadcast(F, b[bx + 3 * ROW]);
            c03 = a0.fma(w, c03);
            c13 = a1.fma(w, c13);
            w = FloatVector.broadcast(F, b[bx + 4 * ROW]);
            c04 = a0.fma(w, c04);
            c14 = a1.fma(w, c14);
            w = FloatVector.broadcast(F, b[bx + 5 * ROW]);
            c05 = a0.fma(w, c05);
            c15 = a1.fma(w, c15);
        }
        for (; x < len; x++) {
            long ax = ao + (long) x * (Float.BYTES * LANE_ROWS);
            FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
            int bx = bo + x;
            FloatVector w = FloatVector.broadcast(F, b[bx]);
            c00 = a0.fma(w, c00);
            c10 = a1.fma(w, c10);
            w = FloatVector.broadcast(F, b[bx + ROW]);
            c01 = a0.fma(w, c01);
            c11 = a1.fma(w, c11);
            w = FloatVector.broadcast(F, b[bx + 2 * ROW]);
            c02 = a0.fma(w, c02);
            c12 = a1.fma(w, c12);
            w = FloatVector.broadcast(F, b[bx + 3 * ROW]);
            c03 = a0.fma(w, c03);
            c13 = a1.fma(w, c13);
            w = FloatVector.broadcast(F, b[bx + 4 * ROW]);
            c04 = a0.fma(w, c04);
            c14 = a1.fma(w, c14);
            w = FloatVector.broadcast(F, b[bx + 5 * ROW]);
            c05 = a0.fma(w, c05);
            c15 = a1.fma(w, c15);
        }
        c00.intoArray(out, 0);
        c10.intoArray(out, L);
        c01.intoArray(out, LANE_ROWS);
        c11.intoArray(out, LANE_ROWS + L);
        c02.intoArray(out, 2 * LANE_ROWS);
        c12.intoArray(out, 2 * LANE_ROWS + L);
        c03.intoArray(out, 3 * LANE_ROWS);
        c13.intoArray(out, 3 * LANE_ROWS + L);
        c04.intoArray(out, 4 * LANE_ROWS);
        c14.intoArray(out, 4 * LANE_ROWS + L);
        c05.intoArray(out, 5 * LANE_ROWS);
        c15.intoArray(out, 5 * LANE_ROWS + L);
    }

    /** {@link #rowsInLanes} with four rows of B (for 16 vector registers: eight sums, two A vectors, four broadcasts). */
    static void fourRows(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                         MemorySegment in, long src, int widen, float[] dst, int off) {
        at = Segments.nativeSegment(at);
        if (widen > 0) in = Segments.nativeSegment(in); // never with null: see sixRows
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13;
        if (add) {
            c00 = FloatVector.fromArray(F, out, 0);
            c10 = FloatVector.fromArray(F, out, L);
            c01 = FloatVector.fromArray(F, out, LANE_ROWS);
            c11 = FloatVector.fromArray(F, out, LANE_ROWS + L);
            c02 = FloatVector.fromArray(F, out, 2 * LANE_ROWS);
            c12 = FloatVector.fromArray(F, out, 2 * LANE_ROWS + L);
            c03 = FloatVector.fromArray(F, out, 3 * LANE_ROWS);
            c13 = FloatVector.fromArray(F, out, 3 * LANE_ROWS + L);
        } else {
            c00 = FloatVector.zero(F);
            c01 = c00; c02 = c00; c03 = c00;
            c10 = c00; c11 = c00; c12 = c00; c13 = c00;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ((FloatVector) ByteVector.fromMemorySegment(FloatLanesVec.B, in, src + (long) x * L, LE).convertShape(VectorOperators.B2F, F, 0))
                    .intoArray(dst, off + x * L);
            long ax = ao + (long) x * (Float.BYTES * LANE_ROWS);
            FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
            int bx = bo + x;
            FloatVector w = FloatVector.broadcast(F, b[bx]);
            c00 = a0.fma(w, c00);
            c10 = a1.fma(w, c10);
            w = FloatVector.broadcast(F, b[bx + ROW]);
            c01 = a0.fma(w, c01);
            c11 = a1.fma(w, c11);
            w = FloatVector.broadcast(F, b[bx + 2 * ROW]);
            c02 = a0.fma(w, c02);
            c12 = a1.fma(w, c12);
            w = FloatVector.broadcast(F, b[bx + 3 * ROW]);
            c03 = a0.fma(w, c03);
            c13 = a1.fma(w, c13);
        }
        for (; x < len; x++) {
            long ax = ao + (long) x * (Float.BYTES * LANE_ROWS);
            FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + Float.BYTES * L, LE);
            int bx = bo + x;
            FloatVector w = FloatVector.broadcast(F, b[bx]);
            c00 = a0.fma(w, c00);
            c10 = a1.fma(w, c10);
            w = FloatVector.broadcast(F, b[bx + ROW]);
            c01 = a0.fma(w, c01);
            c11 = a1.fma(w, c11);
            w = FloatVector.broadcast(F, b[bx + 2 * ROW]);
            c02 = a0.fma(w, c02);
            c12 = a1.fma(w, c12);
            w = FloatVector.broadcast(F, b[bx + 3 * ROW]);
            c03 = a0.fma(w, c03);
            c13 = a1.fma(w, c13);
        }
        c00.intoArray(out, 0);
        c10.intoArray(out, L);
        c01.intoArray(out, LANE_ROWS);
        c11.intoArray(out, LANE_ROWS + L);
        c02.intoArray(out, 2 * LANE_ROWS);
        c12.intoArray(out, 2 * LANE_ROWS + L);
        c03.intoArray(out, 3 * LANE_ROWS);
        c13.intoArray(out, 3 * LANE_ROWS + L);
    }
}
