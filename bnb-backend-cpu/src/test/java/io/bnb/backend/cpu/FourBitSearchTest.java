package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.QuantType;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The vector 4-bit code searches of {@link FourBitVec} against the scalar counting rule of
 * {@link FourBitCodes}, lane by lane, on the values where a search can go wrong: every threshold
 * and its float neighbours, signed zeros, ±1, NaN, infinities, subnormals and random values; then
 * whole quantize runs (vector path against the scalar path) on such values, odd lengths included.
 */
class FourBitSearchTest {

    static void assumeVector() { Tensors.assumeVectorApi(); }

    /** The edge values of both code rules, then random values around [-1, 1] and random bit patterns. */
    static float[] values(long seed) {
        List<Float> v = new ArrayList<>();
        for (float[] ts : new float[][] {FourBitCodes.NF4_THRESHOLDS, FourBitCodes.FP4_THRESHOLDS})
            for (float t : ts)
                for (float s : new float[] {t, -t}) {
                    v.add(s);
                    v.add(Math.nextUp(s));
                    v.add(Math.nextDown(s));
                }
        float[] special = {0f, -0f, 1f, -1f, Math.nextUp(1f), Math.nextDown(-1f), Float.NaN, Float.intBitsToFloat(0x7fc00001),
            Float.intBitsToFloat(0xffc00000), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, -Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), -Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE,
            -Float.MAX_VALUE, 2f, -2f, 0.5f, -0.5f};
        for (float s : special) v.add(s);
        Random r = new Random(seed);
        while (v.size() < 4096) v.add((float) (r.nextDouble() * 2.4 - 1.2));
        while (v.size() < 6144) v.add(Float.intBitsToFloat(r.nextInt()));
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        Tensors.shuffle(out, r);  // each special value meets different lanes and neighbours across seeds
        return out;
    }

    @Test
    void nf4LanesMatchTheCountingRule() {
        assumeVector();
        int[] got = new int[Vec.LANES];
        for (long seed = 1; seed <= 3; seed++) {
            float[] x = values(seed);
            for (int i = 0; i + Vec.LANES <= x.length; i += Vec.LANES) {
                FourBitVec.nf4(FloatVector.fromArray(Vec.F, x, i)).intoArray(got, 0);
                for (int l = 0; l < Vec.LANES; l++)
                    if (got[l] != FourBitCodes.nf4(x[i + l]))
                        fail("NF4 code of " + x[i + l] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(x[i + l])) + "): want "
                                + FourBitCodes.nf4(x[i + l]) + " got " + got[l]);
            }
        }
    }

    @Test
    void fp4LanesMatchTheCountingRule() {
        assumeVector();
        int[] got = new int[Vec.LANES];
        float[] x = values(4);
        for (int i = 0; i + Vec.LANES <= x.length; i += Vec.LANES) {
            FourBitVec.fp4(FloatVector.fromArray(Vec.F, x, i)).intoArray(got, 0);
            for (int l = 0; l < Vec.LANES; l++) assertEquals(FourBitCodes.fp4(x[i + l]), got[l], "FP4 code of " + x[i + l]);
        }
    }

    /** The rule's reference values themselves, independent of the code under test. */
    @Test
    void scalarReferenceOnTheEdges() {
        float[] t = FourBitCodes.NF4_THRESHOLDS;
        for (int k = 0; k < t.length; k++) {
            assertEquals(k, FourBitCodes.nf4(t[k]), "on threshold " + k + " takes the lower code");
            assertEquals(k + 1, FourBitCodes.nf4(Math.nextUp(t[k])), "just above threshold " + k);
        }
        assertEquals(0, FourBitCodes.nf4(Float.NaN));
        assertEquals(7, FourBitCodes.nf4(0f));
        assertEquals(7, FourBitCodes.nf4(-0f));
        assertEquals(15, FourBitCodes.nf4(1f));
        assertEquals(0, FourBitCodes.nf4(-1f));
    }

    /**
     * Whole quantize runs, vector path against scalar path: blocks whose absmax is 1 (so the
     * scaled values are the edge values themselves), a block holding NaN, an all-zero block,
     * and odd lengths whose padding nibble the vector path fills on its own.
     */
    @Test
    void quantizeMatchesTheScalarPathOnEdgeValues() {
        assumeVector();
        float[] x = values(5);
        for (QuantType type : QuantType.values())
            for (DType dtype : new DType[] {DType.F32, DType.BF16, DType.F16})
                for (int bs : new int[] {32, 64, 256})
                    for (int n : new int[] {1, 7, 63, 65, 3 * bs + 1, 5 * bs - 3, 8 * bs + 9}) check(x, type, dtype, bs, n);
    }

    private static void check(float[] src, QuantType type, DType dtype, int bs, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate((long) n * dtype.byteSize());
            for (int i = 0; i < n; i++) {
                float v = Float.isFinite(src[i]) && Math.abs(src[i]) <= 1f ? src[i] : 0.25f;
                int inBlock = i % bs;
                if (inBlock == 3) v = (i / bs & 1) == 0 ? 1f : -1f; // absmax 1 in every block longer than 3
                if (i / bs == 2) v = inBlock == 5 ? Float.NaN : src[i]; // NaN absmax: every code 0
                if (i / bs == 3) v = 0f; // zero absmax: 0 * inf is NaN
                Elements.put(in, dtype, i, v);
            }
            long blocks = (n + bs - 1) / bs, bytes = (n + 1) / 2;
            MemorySegment pv = arena.allocate(bytes), av = arena.allocate(4 * blocks), ps = arena.allocate(bytes), as = arena.allocate(4 * blocks);
            FourBitVec.quantize(in, dtype, n, bs, type, pv, av, 0, blocks);
            FourBitKernels.quantizeScalar(in, dtype, n, bs, type, ps, as, 0, blocks);
            String what = type + " " + dtype + " bs" + bs + " n" + n;
            assertArrayEquals(as.toArray(ValueLayout.JAVA_FLOAT), av.toArray(ValueLayout.JAVA_FLOAT), "absmax " + what);
            byte[] want = ps.toArray(ValueLayout.JAVA_BYTE), got = pv.toArray(ValueLayout.JAVA_BYTE);
            for (int i = 0; i < want.length; i++)
                if (want[i] != got[i])
                    fail("byte " + i + " of " + what + ": want " + Integer.toHexString(want[i] & 255) + " got " + Integer.toHexString(got[i] & 255));
            int lastBlock = (n - 1) / bs, lastLen = n - lastBlock * bs;
            if ((n & 1) == 1 && lastLen > 3 && lastBlock != 2 && lastBlock != 3) { // a block of absmax 1
                int pad = got[n >>> 1] & 15;
                assertEquals(type == QuantType.NF4 ? 7 : 0, pad, "padding nibble " + what);
            }
        }
    }
}
