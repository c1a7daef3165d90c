package io.bnb.backend.cpu;

import io.bnb.api.Codebooks;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The fast 8-bit code search equals the CUDA rule everywhere, and the rule is "nearest, ties to even". */
class NearestCodeTest {

    static float[] linear() { // create_linear_map(signed=True): 255 points of linspace(-1, 1), zero padded in the middle
        float[] v = new float[256];
        for (int i = 0; i < 255; i++) v[i] = (float) (-1.0 + 2.0 * i / 254);
        v[255] = 0f;
        Arrays.sort(v);
        return v;
    }

    static float[] paddedMap() { // a 4-bit style code padded with 240 zeros: long runs of equal entries
        float[] v = new float[256];
        float[] nf4 = Codebooks.nf4();
        System.arraycopy(nf4, 0, v, 0, 16);
        Arrays.sort(v);
        return v;
    }

    static float[] closeEntries() { // three entries 1e-4 relative apart: their two midpoints share a bucket
        float[] v = Codebooks.dynamicSigned();
        float a = v[200];
        v[201] = a * 1.0001f;
        v[202] = a * 1.0002f;
        Arrays.sort(v);
        return v;
    }

    static float[] unsorted() {
        float[] v = Codebooks.dynamicSigned();
        float t = v[10];
        v[10] = v[200];
        v[200] = t;
        return v;
    }

    /** Values where codes change (every entry and midpoint, a few ulps either side) plus random and special floats. */
    static float[] probes(float[] code, long seed) {
        Random r = new Random(seed);
        float[] out = new float[256 * 14 + 40_000];
        int n = 0;
        for (int i = 0; i < 256; i++) {
            float c = code[i], m = i < 255 ? (code[i] + code[i + 1]) * 0.5f : c;
            for (float p : new float[] {c, m}) {
                out[n++] = p;
                float up = p, down = p;
                for (int k = 0; k < 3; k++) {
                    up = Math.nextUp(up);
                    down = Math.nextDown(down);
                    out[n++] = up;
                    out[n++] = down;
                }
            }
        }
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f,
                Math.nextUp(1f), Math.nextDown(-1f), Float.MAX_VALUE, -Float.MAX_VALUE, 1e-38f, -1e-38f, 2f, -2f};
        while (n < out.length) {
            int k = r.nextInt(4);
            out[n++] = k == 0 ? special[r.nextInt(special.length)] : k == 1 ? Float.intBitsToFloat(r.nextInt())
                    : k == 2 ? (float) (r.nextGaussian() / 3) : (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(9)));
        }
        return out;
    }

    void assertSameAsRule(float[] code, boolean expectBuckets) {
        NearestCode nc = new NearestCode(code);
        assertEquals(expectBuckets, nc.usesBuckets(), "bucket table in use");
        for (float v : probes(code, Arrays.hashCode(code))) {
            int want = NearestCode.search(code, v), got = nc.index(v);
            if (want != got) fail("index(" + v + " / 0x" + Integer.toHexString(Float.floatToRawIntBits(v)) + ") = " + got + ", rule gives " + want);
        }
        assertEquals(0, nc.nanCode, "NaN (all-zero block) takes code 0");
    }

    @Test void signedDynamicMap() { assertSameAsRule(Codebooks.dynamicSigned(), true); }

    @Test void unsignedDynamicMap() { assertSameAsRule(Codebooks.dynamicUnsigned(), true); }

    @Test void linearMap() { assertSameAsRule(linear(), true); }

    @Test void codeWithRunsOfEqualEntries() { assertSameAsRule(paddedMap(), true); }

    @Test void codeWithEntriesCloserThanABucketBisects() { assertSameAsRule(closeEntries(), false); }

    @Test
    void unsortedCodeUsesTheRuleItself() {
        float[] code = unsorted();
        NearestCode nc = new NearestCode(code);
        assertFalse(nc.usesBuckets());
        for (float v : probes(code, 9)) assertEquals(NearestCode.search(code, v), nc.index(v));
    }

    /**
     * The rule (spec OPS.md §2.2) for a strictly increasing code: nearest entry by float32
     * midpoints, a value exactly on a midpoint going to the even index of the pair. Stated
     * independently of the binary search.
     */
    @Test
    void ruleIsNearestWithTiesToEven() {
        for (float[] code : new float[][] {Codebooks.dynamicSigned(), Codebooks.dynamicUnsigned(), linear()}) {
            float[] mid = new float[255];
            for (int k = 0; k < 255; k++) mid[k] = (code[k] + code[k + 1]) * 0.5f;
            for (float v : probes(code, 4)) {
                if (Float.isNaN(v)) continue;
                int below = 0;
                for (float m : mid) if (v > m) below++;
                int want = below;
                for (int k = 0; k < 255; k++) if (v == mid[k] && code[k] != code[k + 1]) want = (k & 1) == 0 ? k : k + 1;
                assertEquals(want, NearestCode.search(code, v), "value " + v);
            }
        }
    }

    @Test
    void searchersAreCachedByContent() {
        float[] a = Codebooks.dynamicSigned();
        assertSame(NearestCode.of(a), NearestCode.of(Codebooks.dynamicSigned()));
        assertNotSame(NearestCode.of(a), NearestCode.of(Codebooks.dynamicUnsigned()));
    }
}
