package io.bnb.backend.cpu;

import io.bnb.api.Codebooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The segment search of 8-bit codes against the rule ({@link NearestCode#index}): which codes it
 * proves, and its codes, scalar and vector, around every threshold and every octave edge. The
 * vector kernel is called directly, so it runs (emulated) where VBMI is missing too.
 */
class SegmentCodesTest {
    @BeforeAll
    static void vectorApi() {
        Tensors.assumeVectorApi();
    }

    private static float[] linear() {
        float[] c = new float[256];
        for (int i = 0; i < 256; i++) c[i] = -1f + 2f * i / 255f;
        return c;
    }

    @Test
    void provesTheDynamicAndLinearMapsAndRefusesIrregularCodes() {
        assertNotNull(SegmentCodes.of(NearestCode.of(Codebooks.dynamicSigned()).next), "dynamic signed");
        assertNotNull(SegmentCodes.of(NearestCode.of(Codebooks.dynamicUnsigned()).next), "dynamic unsigned");
        assertNotNull(SegmentCodes.of(NearestCode.of(linear()).next), "linear");
        float[] random = new float[256];
        Random rnd = new Random(3);
        for (int i = 0; i < 256; i++) random[i] = rnd.nextFloat() * 2 - 1;
        Arrays.sort(random);
        assertNull(SegmentCodes.of(new NearestCode(random).next), "randomly spaced code");
    }

    @Test
    void codesEqualTheRuleAroundEveryThresholdAndOctaveEdge() {
        for (float[] code : new float[][] {Codebooks.dynamicSigned(), Codebooks.dynamicUnsigned(), linear()}) {
            NearestCode search = new NearestCode(code);
            SegmentCodes s = SegmentCodes.of(search.next);
            float[] ys = values(search.next);
            for (float y : ys) assertEquals(search.index(y), s.code(y), "scalar code of " + y);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment in = arena.allocate(4L * ys.length), out = arena.allocate(ys.length);
                MemorySegment.copy(ys, 0, in, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, ys.length);
                int done = s.codesF32(in, 0, ys.length, 1f, new SegmentCodes.Scratch(), out, 0);
                assertEquals(ys.length - ys.length % 64, done);
                for (int i = 0; i < done; i++) {
                    int got = out.get(ValueLayout.JAVA_BYTE, i) & 0xff, want = search.index(ys[i]);
                    if (got != want) fail("y " + ys[i] + ": code " + got + ", rule " + want);
                }
            }
        }
    }

    /** ±300 floats around every threshold, ±50 around every power of two from 2^-40 to 1, random values, the ends. */
    private static float[] values(float[] next) {
        float[] v = new float[255 * 601 + 2 * 41 * 101 + 100_000 + 8];
        int n = 0;
        for (int k = 0; k < 255; k++) n = around(next[k], 300, v, n);
        for (int e = -40; e <= 0; e++) {
            n = around(Math.scalb(1f, e), 50, v, n);
            n = around(-Math.scalb(1f, e), 50, v, n);
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 100_000; i++) v[n++] = rnd.nextFloat() * 2.0002f - 1.0001f;
        for (float y : new float[] {0f, -0f, 1f, -1f, 1.0001f, -1.0001f, Float.MIN_VALUE, -Float.MIN_VALUE}) v[n++] = y;
        return Arrays.copyOf(v, n);
    }

    private static int around(float c, int ulps, float[] v, int n) {
        float lo = c, hi = c;
        v[n++] = c;
        for (int i = 0; i < ulps; i++) {
            lo = Math.nextDown(lo);
            hi = Math.nextUp(hi);
            v[n++] = lo;
            v[n++] = hi;
        }
        return n;
    }
}
