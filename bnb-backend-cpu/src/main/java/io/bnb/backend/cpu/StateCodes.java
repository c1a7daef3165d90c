package io.bnb.backend.cpu;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nearest-code search for 8-bit optimizer states (spec OPTIMIZERS.md §5.3), exact.
 *
 * <p>The CUDA search returns the nearest entry of the sorted code, comparing against float32
 * midpoints {@code (code[i]+code[i+1])*0.5f}, and a value exactly on a midpoint goes to the even
 * index of the pair. Equivalently: the index is the number of {@code i} with {@code y > adv[i]},
 * where {@code adv[i]} is the midpoint for even {@code i} and the float just below it for odd
 * {@code i}. NaN compares false everywhere and gets index 0, as on CUDA. Signed states then get
 * the sign fix: when the chosen code's sign bit differs from the state value's, the index moves
 * one step toward the value's sign ({@code +1} if the value is {@code > 0}, else {@code -1},
 * modulo 256).
 *
 * <p>For speed a table indexed by the top 16 bits of {@code y} gives the index for the smallest
 * float of that bucket; one compare finishes the search when the bucket holds at most one
 * threshold and no sign fix can apply there. Other buckets (NaN, dense code regions, values
 * that round to a code of the other sign) are flagged and take the exact search. Tables are
 * built once per code and cached.
 */
final class StateCodes {
    private static final int SLOW = 0x100;
    private static final Map<Key, StateCodes> CACHE = new ConcurrentHashMap<>();

    private final float[] code;
    private final float[] adv; // 256 entries; adv[255] = +inf never advances
    private final int[] codeSign;
    private final boolean signed;
    private volatile short[] table;

    private StateCodes(float[] code, boolean signed) {
        this.code = code.clone();
        this.signed = signed;
        adv = new float[256];
        codeSign = new int[256];
        for (int i = 0; i < 255; i++) {
            float mid = (code[i] + code[i + 1]) * 0.5f;
            adv[i] = (i & 1) == 1 ? Math.nextDown(mid) : mid;
        }
        adv[255] = Float.POSITIVE_INFINITY;
        for (int i = 0; i < 256; i++) codeSign[i] = Float.floatToRawIntBits(code[i]) >>> 31;
    }

    /** The codes for {@code code} (256 floats); {@code signed} selects the sign fix. */
    static StateCodes of(float[] code, boolean signed) {
        Key key = new Key(code, signed);
        StateCodes c = CACHE.get(key);
        if (c != null) return c;
        if (CACHE.size() > 32) CACHE.clear();
        return CACHE.computeIfAbsent(key, k -> new StateCodes(code, signed));
    }

    /** Exact index for normalized value {@code y} of state value {@code m} (no table). */
    int search(float y, float m) {
        int lo = 0, hi = 255; // number of adv[i] < y lies in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (y > adv[mid]) lo = mid + 1;
            else hi = mid;
        }
        if (signed && codeSign[lo] != Float.floatToRawIntBits(m) >>> 31) lo = (lo + (m > 0 ? 1 : -1)) & 0xff;
        return lo;
    }

    /**
     * Codes for {@code y[0..len)} (the normalized values of {@code m[0..len)}) into {@code out}
     * starting at {@code outOff}; {@code fast} selects the table (the result is identical).
     */
    void quantize(float[] y, float[] m, int len, byte[] out, int outOff, boolean fast) {
        if (!fast) {
            for (int i = 0; i < len; i++) out[outOff + i] = (byte) search(y[i], m[i]);
            return;
        }
        short[] t = table();
        float[] a = adv;
        for (int i = 0; i < len; i++) {
            float v = y[i];
            int e = t[Float.floatToRawIntBits(v) >>> 16];
            // v > a[e] as the sign of a[e] - v (never 0 for distinct floats): no branch to mispredict
            out[outOff + i] = (byte) (e < SLOW ? e + (Float.floatToRawIntBits(a[e] - v) >>> 31) : search(v, m[i]));
        }
    }

    private short[] table() {
        short[] t = table;
        if (t == null) {
            synchronized (this) {
                if (table == null) table = build();
                t = table;
            }
        }
        return t;
    }

    private short[] build() {
        short[] t = new short[65536];
        for (int k = 0; k < 65536; k++) {
            int lowBits = k << 16, highBits = lowBits | 0xffff;
            // smallest and largest float of the bucket: by magnitude reversed for negatives
            float min = Float.intBitsToFloat(k < 0x8000 ? lowBits : highBits);
            float max = Float.intBitsToFloat(k < 0x8000 ? highBits : lowBits);
            if (Float.isNaN(min) || Float.isNaN(max)) {
                t[k] = (short) SLOW;
                continue;
            }
            int i0 = count(min), i1 = count(max);
            boolean slow = i1 - i0 > 1;
            if (signed && !slow) {
                int s = k >>> 15;
                for (int i = i0; i <= i1; i++) if (codeSign[i] != s) slow = true;
            }
            t[k] = (short) (slow ? SLOW | i0 : i0);
        }
        return t;
    }

    private int count(float y) {
        int lo = 0, hi = 255;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (y > adv[mid]) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    float value(int c) { return code[c & 0xff]; }

    private record Key(int[] bits, boolean signed) {
        Key(float[] code, boolean signed) {
            this(bitsOf(code), signed);
        }

        private static int[] bitsOf(float[] code) {
            int[] b = new int[code.length];
            for (int i = 0; i < b.length; i++) b[i] = Float.floatToRawIntBits(code[i]);
            return b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.signed == signed && Arrays.equals(k.bits, bits);
        }

        @Override
        public int hashCode() { return Arrays.hashCode(bits) * 31 + (signed ? 1 : 0); }
    }
}
