package io.bnb.backend.cpu;

import jdk.incubator.vector.*;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.FloatLanesVec.*;

/**
 * Vector path of {@link Int8Gemm}: {@link #rowsInLanes} for more rows of A than a vector has
 * lanes, {@link #panels} for four rows or more, {@link #columns} for fewer. Int8 values are
 * widened to float and multiplied with FMA: every product is an integer of magnitude at most 2^14
 * and each lane sums at most {@code KB / L}, {@code KC / L} or {@code KL} of them, so all partial
 * sums stay within 2^24 and are exact; a block's lanes are summed (at most 2^24, still exact) and
 * added to C in int32.
 *
 * <p>Throughput is bounded by float FMA: 8 multiply-adds per 256-bit FMA. AVX2 has no int8
 * dot-product instruction the Vector API can reach ({@code vpmaddubsw}/{@code vpmaddwd}), which
 * is what native int8 GEMMs use to go twice as fast.
 */
final class Int8GemmVec {
    private Int8GemmVec() {}

    /** K per block of the row kernel: each lane sums at most KB / L products, below 2^24. */
    static final int KB = 1024;

    /**
     * Fewer than four rows of A, where the panel kernel's 4-row tiles would be mostly padding:
     * the rows are widened once per K block and each column is one dot product per row.
     */
    static void columns(MemorySegment a, MemorySegment b, MemorySegment c, int m, int n, int k, int n0, int n1) {
        a = Segments.nativeSegment(a);
        b = Segments.nativeSegment(b);
        c = Segments.nativeSegment(c);
        float[] ap = new float[m * Math.min(KB, k)];
        for (int k0 = 0; k0 < k; k0 += KB) {
            int kb = Math.min(KB, k - k0);
            for (int i = 0; i < m; i++) widenRow(a, (long) i * k + k0, kb, ap, i * kb);
            boolean first = k0 == 0;
            for (int j = n0; j < n1; j++)
                for (int i = 0; i < m; i++) add(c, (long) i * n + j, dot(ap, i * kb, kb, b, (long) j * k + k0), first);
        }
    }

    /** Rows of A per panel, K per panel (lane sums stay below 2^24: KC / L · 2^14), rows of B per chunk. */
    static final int PM = 16, KC = 4096, PN = 8;

    /**
     * Columns {@code [n0, n1)} with both operands widened to float once: a panel of up to PM rows
     * of A over KC of K (zero-padded to whole vectors and whole 4-row tiles) and PN rows of B over
     * the same KC (256 KiB and 128 KiB, both in L2). Each B row is widened in one sequential pass: in
     * pieces of 256 (eight short strided reads per piece) the widening took a fifth of the op.
     */
    static void panels(MemorySegment a, MemorySegment b, MemorySegment c, int m, int n, int k, int n0, int n1) {
        a = Segments.nativeSegment(a);
        b = Segments.nativeSegment(b);
        c = Segments.nativeSegment(c);
        int kcMax = roundUp(Math.min(KC, k), L);
        float[] ap = PANELS.floats(0, PM * kcMax), bp = PANELS.floats(1, PN * kcMax), acc = PANELS.floats(2, PM * PN * L);
        for (int p0 = 0; p0 < m; p0 += PM) {
            int mp = Math.min(PM, m - p0), mt = roundUp(mp, 4);
            for (int kc0 = 0; kc0 < k; kc0 += KC) {
                int kc = Math.min(KC, k - kc0), kcs = roundUp(kc, L);
                java.util.Arrays.fill(ap, 0f);
                for (int i = 0; i < mp; i++) widenRow(a, (long) (p0 + i) * k + kc0, kc, ap, i * kcs);
                boolean first = kc0 == 0;
                for (int j0 = n0; j0 < n1; j0 += PN) {
                    int nb = Math.min(PN, n1 - j0), nt = roundUp(nb, 2);
                    // B's padding is not cleared: what an earlier chunk left there meets A's zero
                    // padding, or lands in the sums of rows past nb, which are never read
                    for (int j = 0; j < nb; j++) widenRow(b, (long) (j0 + j) * k + kc0, kc, bp, j * kcs);
                    java.util.Arrays.fill(acc, 0f);
                    for (int i = 0; i < mt; i += 4)
                        for (int j = 0; j < nt; j += 2) FloatTiles.tile42(ap, i * kcs, kcs, bp, j * kcs, kcs, kcs, acc, (i * PN + j) * L, PN * L);
                    for (int i = 0; i < mp; i++)
                        for (int j = 0; j < nb; j++) {
                            int v = ((IntVector) FloatVector.fromArray(F, acc, (i * PN + j) * L).convert(VectorOperators.F2I, 0))
                                    .reduceLanes(VectorOperators.ADD);
                            add(c, (long) (p0 + i) * n + j0 + j, v, first);
                        }
                }
            }
        }
    }

    /**
     * The panels' buffers (384 KiB at K = 4096), kept per thread. The stale contents are harmless: A's
     * panel is cleared before use and B's padding only meets A's zeros.
     */
    private static final ChunkScratch PANELS = new ChunkScratch(3, 0);

    /** The buffers of {@link #columnsInLanes}: six widened rows of B, the tile's sums (float, then int), the next six rows. */
    private static final ChunkScratch LANES = new ChunkScratch(3, 1);

    /** K per block of {@link #rowsInLanes}: a lane sums at most KL products of magnitude at most 2^14, so at most 2^24. */
    static final int KL = 1024;

    /**
     * The whole product with {@link FloatTiles#rowsInLanes}: per panel of {@link FloatTiles#LANE_ROWS}
     * rows of A, the panel is transposed to floats once (row i in lane i, zero lanes past M), then the
     * columns are split over the pool. With M = 16 and 4096² int8 weights it takes 20–25 % less time
     * than {@link #panels} (measured alternating in one JVM).
     */
    static void rowsInLanes(MemorySegment a, MemorySegment b, MemorySegment c, int m, int n, int k, long minParallel) {
        MemorySegment as = Segments.nativeSegment(a);
        int lr = FloatTiles.LANE_ROWS;
        byte[] row = new byte[k];
        float[] wide = new float[k];
        // native and 64-byte aligned: where a heap array starts depends on the collector, and
        // with ParallelGC's placement half the tile's loads straddled cache lines (10 ms against 6)
        long panelBytes = (long) lr * k * Float.BYTES;
        MemorySegment at = Segments.nativeSegment(NativeScratch.take(panelBytes));
        try {
            for (int p0 = 0; p0 < m; p0 += lr) {
                int p = p0, mp = Math.min(lr, m - p0);
                if (mp < lr) at.asSlice(0, panelBytes).fill((byte) 0); // a pooled block may be larger than the panel
                for (int i = 0; i < mp; i++) {
                    MemorySegment.copy(as, FloatLanes.I8, (long) (p0 + i) * k, row, 0, k);
                    for (int x = 0; x < k; x++) wide[x] = row[x];
                    FloatTiles.putLane(at, 0, i, wide, k);
                }
                Parallel.forRange(n, FloatTiles.B_ROWS, minParallel, (n0, n1) -> columnsInLanes(at, p, mp, b, c, n, k, (int) n0, (int) n1));
            }
        } finally {
            NativeScratch.give(at);
        }
    }

    /**
     * Columns {@code [n0, n1)} of rows {@code [p0, p0 + mp)} of C from the transposed panel {@code at}.
     * Six rows of B at a time, widened to floats into a {@link FloatTiles#blocked} buffer, where the
     * tile finds them at a constant distance ({@link FloatTiles#rowsInLanes}); the tile runs over
     * them in K blocks of {@link #KL} whose float sums are exact, added up in int32. The next six rows
     * (one contiguous run of B) are widened in memory order, one vector per K step of the tile, into
     * the second buffer: widening the group whole rather than one K block of each row at a time (six
     * interleaved streams) took 9–11 % less time (session 26). The tile is called once per stretch of
     * the run that lands contiguously in the blocked buffer (a row, or a {@link FloatTiles#PART} of
     * one: at most two calls per K block at K = 4096), and what is left of the run after the group's
     * last K block is widened after. Where K is not a whole number of vectors, a vector could straddle
     * two rows: then each group is widened whole, before its tile.
     */
    private static void columnsInLanes(MemorySegment at, int p0, int mp, MemorySegment b, MemorySegment c, int n, int k, int n0, int n1) {
        b = Segments.nativeSegment(b);
        c = Segments.nativeSegment(c);
        int lr = FloatTiles.LANE_ROWS, br = FloatTiles.B_ROWS, size = FloatTiles.blockedSize(k);
        float[] bp = LANES.floats(0, size), next = LANES.floats(2, size);
        float[] out = LANES.floats(1, br * lr);
        int[] sums = LANES.ints(0, br * lr);
        boolean overlap = k % L == 0;
        // rows past nb (the last group) hold zeros or an earlier group's values (finite): their sums are never read
        widenBlocked(b, (long) n0 * k, k, 0, Math.min(br, n1 - n0) * k, bp);
        for (int j0 = n0; j0 < n1; j0 += br) {
            int nb = Math.min(br, n1 - j0);
            // the next group's rows: one contiguous run of B
            int nextLen = Math.max(0, Math.min(br, n1 - j0 - br)) * k, done = 0;
            long nextFrom = (long) (j0 + br) * k;
            if (!overlap) widenBlocked(b, nextFrom, k, 0, nextLen, next);
            java.util.Arrays.fill(sums, 0);
            for (int k0 = 0; k0 < k; k0 += KL) {
                int kb = Math.min(KL, k - k0), base = FloatTiles.blocked(0, k0);
                for (int s = 0; s < kb; ) {
                    int steps = kb - s, widen = 0, to = 0;
                    if (overlap && done < nextLen) {
                        int kk = done % k;
                        // vectors to the end of this stretch of the run (a row's part): at least one, since K and
                        // a part are whole numbers of vectors
                        widen = Math.min(steps, Math.min(FloatTiles.PART - kk % FloatTiles.PART, k - kk) / L);
                        steps = widen;
                        to = FloatTiles.blocked(done / k, kk);
                    }
                    FloatTiles.rowsInLanes(at, (long) (k0 + s) * lr * Float.BYTES, bp, base + s, steps, out, s > 0,
                            b, nextFrom + done, widen, next, to);
                    done += widen * L;
                    s += steps;
                }
                for (int q = 0; q < sums.length; q++) sums[q] += (int) out[q];
            }
            if (overlap && done < nextLen) widenBlocked(b, nextFrom, k, done, nextLen, next);
            for (int j = 0; j < nb; j++)
                for (int i = 0; i < mp; i++) c.setAtIndex(FloatLanes.I32, (long) (p0 + i) * n + j0 + j, sums[j * lr + i]);
            float[] t = bp;
            bp = next;
            next = t;
        }
    }

    /** Elements {@code [e0, e1)} of the run of rows of {@code k} int8 values from byte {@code from} of {@code b}, widened into the {@link FloatTiles#blocked} buffer. */
    private static void widenBlocked(MemorySegment b, long from, int k, int e0, int e1, float[] dst) {
        for (int e = e0; e < e1; ) {
            int kk = e % k, len = Math.min(Math.min(FloatTiles.PART - kk % FloatTiles.PART, k - kk), e1 - e);
            widenRow(b, from + e, len, dst, FloatTiles.blocked(e / k, kk));
            e += len;
        }
    }

    private static int roundUp(int x, int to) { return (x + to - 1) / to * to; }

    /** {@code len} int8 values from {@code src} as floats at {@code dst}; the tail up to a whole vector is left as it is (zero). */
    private static void widenRow(MemorySegment s, long src, int len, float[] dst, int off) {
        s = Segments.nativeSegment(s);
        int x = 0, lv = len - len % L;
        for (; x < lv; x += L)
            ((FloatVector) ByteVector.fromMemorySegment(B, s, src + x, LE).convertShape(VectorOperators.B2F, F, 0)).intoArray(dst, off + x);
        for (; x < len; x++) dst[off + x] = s.get(FloatLanes.I8, src + x);
    }

    private static void add(MemorySegment c, long idx, int v, boolean first) {
        c.setAtIndex(FloatLanes.I32, idx, first ? v : c.getAtIndex(FloatLanes.I32, idx) + v);
    }

    private static FloatVector bvec(MemorySegment b, long off) {
        return (FloatVector) ByteVector.fromMemorySegment(B, b, off, LE).convertShape(VectorOperators.B2F, F, 0);
    }

    /** One panel row against one B row; two accumulators hide the FMA latency a little. */
    private static int dot(float[] ap, int ao, int kb, MemorySegment b, long b0) {
        b = Segments.nativeSegment(b);
        FloatVector s0 = FloatVector.zero(F), s1 = s0;
        int kv2 = kb - kb % (2 * L);
        int x = 0;
        for (; x < kv2; x += 2 * L) {
            s0 = FloatVector.fromArray(F, ap, ao + x).fma(bvec(b, b0 + x), s0);
            s1 = FloatVector.fromArray(F, ap, ao + x + L).fma(bvec(b, b0 + x + L), s1);
        }
        if (x + L <= kb) {
            s0 = FloatVector.fromArray(F, ap, ao + x).fma(bvec(b, b0 + x), s0);
            x += L;
        }
        int acc = (int) s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; x < kb; x++) acc += (int) ap[ao + x] * b.get(FloatLanes.I8, b0 + x);
        return acc;
    }
}
