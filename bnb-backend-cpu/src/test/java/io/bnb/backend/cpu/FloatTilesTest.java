package io.bnb.backend.cpu;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Both register tiles of {@link FloatTiles#rowsInLanes} (six and four rows of B) against plain
 * loops, whichever of them this machine's {@link FloatTiles#B_ROWS} selects: the matmul tests run
 * only the selected one. Values are small integers, so every float sum is exact.
 */
class FloatTilesTest {

    interface Tile {
        void run(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                 MemorySegment in, long src, int widen, float[] dst, int off);
    }

    @Test
    void sixRowTileSumsAndWidensLikePlainLoops() {
        if (!FloatLanes.VECTOR) return;
        check(6, FloatTiles::sixRows);
    }

    @Test
    void fourRowTileSumsAndWidensLikePlainLoops() {
        if (!FloatLanes.VECTOR) return;
        check(4, FloatTiles::fourRows);
    }

    @Test
    void selectedRowCountFitsTheRegisterFile() {
        if (!FloatLanes.VECTOR) return;
        int expected = VectorProbe.bits() >= 512 ? 6 : 4;
        assertEquals(expected, FloatTiles.B_ROWS);
    }

    private static void check(int rows, Tile tile) {
        int lr = FloatTiles.LANE_ROWS, l = FloatLanesVec.L, row = FloatTiles.ROW;
        SplittableRandom r = new SplittableRandom(rows);
        for (int len : new int[]{1, 7, 37}) {
            int bo = 3 + r.nextInt(5), ao = 2; // A panel starts two K steps in
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment at = arena.allocate((long) (ao + len) * lr * Float.BYTES, 64);
                float[] a = new float[(ao + len) * lr];
                for (int i = 0; i < a.length; i++) a[i] = r.nextInt(256) - 128;
                MemorySegment.copy(a, 0, at, FloatLanes.F32, 0, a.length);
                float[] b = new float[bo + (rows - 1) * row + len + 1];
                for (int i = 0; i < b.length; i++) b[i] = r.nextInt(256) - 128;
                byte[] raw = new byte[(len + 1) * l];
                for (int i = 0; i < raw.length; i++) raw[i] = (byte) r.nextInt(256);
                MemorySegment in = arena.allocate(raw.length);
                MemorySegment.copy(raw, 0, in, FloatLanes.I8, 0, raw.length);
                for (boolean add : new boolean[]{false, true}) {
                    for (int widen : new int[]{0, len / 2, len}) {
                        float[] out = new float[rows * lr], want = new float[rows * lr];
                        for (int i = 0; i < out.length; i++) out[i] = want[i] = add ? r.nextInt(1000) : 99;
                        for (int j = 0; j < rows; j++)
                            for (int i = 0; i < lr; i++) {
                                float s = add ? want[j * lr + i] : 0;
                                for (int x = 0; x < len; x++) s += a[(ao + x) * lr + i] * b[bo + j * row + x];
                                want[j * lr + i] = s;
                            }
                        float[] dst = new float[3 + (len + 1) * l];
                        java.util.Arrays.fill(dst, -0.5f);
                        tile.run(at, (long) ao * lr * Float.BYTES, b, bo, len, out, add, in, l, widen, dst, 3);
                        String what = rows + " rows, len " + len + ", add " + add + ", widen " + widen;
                        assertArrayEquals(want, out, what);
                        for (int i = 0; i < dst.length; i++) {
                            float expect = i >= 3 && i < 3 + widen * l ? raw[l + i - 3] : -0.5f;
                            assertEquals(expect, dst[i], what + ": widened element " + i);
                        }
                    }
                }
            }
        }
    }
}
