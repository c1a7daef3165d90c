package io.bnb.backend.cpu;

import java.lang.foreign.MemorySegment;

/**
 * {@code C[m, n] = Σ_k A[m, k]·B[n, k]} for int8 A {@code [M, K]}, B {@code [N, K]} and int32 C
 * {@code [M, N]}, exact (int32 accumulation, spec OPS.md §7.1). Work is split over N.
 */
final class Int8Gemm {
    private Int8Gemm() {}

    static void multiply(MemorySegment a, MemorySegment b, MemorySegment c, int m, int n, int k, boolean vector) {
        long work = (long) m * n * k;
        // more rows than a vector has lanes: one row per lane; four or more: the panel kernel (its
        // 4-row tiles pad M); fewer keep the row-by-row kernel
        boolean lanes = vector && FloatTiles.rowsInLanesPay(m), panels = vector && m >= 4;
        long grain = lanes ? FloatTiles.B_ROWS : panels ? Int8GemmVec.PN : 1;
        // small products are not worth a fork: about 2^18 multiply-adds per task at least
        long minParallel = Math.max(grain, (1L << 18) / Math.max(1, (long) m * k));
        if (work < (1L << 18)) minParallel = n;
        if (lanes) {
            Int8GemmVec.rowsInLanes(a, b, c, m, n, k, minParallel);
            return;
        }
        if (panels) Parallel.forRange(n, grain, minParallel, (n0, n1) -> Int8GemmVec.panels(a, b, c, m, n, k, (int) n0, (int) n1));
        else if (vector) Parallel.forRange(n, grain, minParallel, (n0, n1) -> Int8GemmVec.columns(a, b, c, m, n, k, (int) n0, (int) n1));
        else Parallel.forRange(n, grain, minParallel, (n0, n1) -> columns(a, b, c, m, n, k, (int) n0, (int) n1));
    }

    /** Columns {@code [n0, n1)} of C, plain loops. */
    static void columns(MemorySegment a, MemorySegment b, MemorySegment c, int m, int n, int k, int n0, int n1) {
        a = Segments.nativeSegment(a);
        b = Segments.nativeSegment(b);
        c = Segments.nativeSegment(c);
        byte[] brow = new byte[k];
        byte[] arow = new byte[k];
        for (int j = n0; j < n1; j++) {
            MemorySegment.copy(b, FloatLanes.I8, (long) j * k, brow, 0, k);
            for (int i = 0; i < m; i++) {
                MemorySegment.copy(a, FloatLanes.I8, (long) i * k, arow, 0, k);
                int acc = 0;
                for (int x = 0; x < k; x++) acc += arow[x] * brow[x];
                c.setAtIndex(FloatLanes.I32, (long) i * n + j, acc);
            }
        }
    }
}
