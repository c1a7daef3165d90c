package io.bnb.backend.cpu;

import java.lang.foreign.MemorySegment;
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
 * <p>For speed the search runs on a {@link CodeTable} with the sign fix folded into its codes
 * (inside a bucket every value has one sign). It answers for numbers whose sign is their state
 * value's, which every block with a positive finite absmax gives; other values (NaN from an
 * all-zero block, a block with an infinity) take the exact search. Codes whose table would be
 * ambiguous (two thresholds in a bucket; a sign fix at +0) always take the exact search.
 * Tables are built once per code and cached.
 */
final class StateCodes {
    private static final Map<Key, StateCodes> CACHE = new ConcurrentHashMap<>();

    private final float[] code;
    private final float[] adv; // 256 entries; adv[255] = +inf never advances
    private final int[] codeSign;
    private final boolean signed;
    private volatile int[] table;
    private volatile boolean noTable;

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
        int lo = count(y);
        if (signed && codeSign[lo] != Float.floatToRawIntBits(m) >>> 31) lo = (lo + (m > 0 ? 1 : -1)) & 0xff;
        return lo;
    }

    /**
     * Codes for {@code y[0..len)} (the normalized values of {@code m[0..len)}) into {@code out}
     * starting at {@code outOff}; {@code fast} selects the table (the result is identical).
     */
    void quantize(float[] y, float[] m, int len, byte[] out, int outOff, boolean fast) {
        int[] t = fast ? table() : null;
        for (int i = 0; i < len; i++) {
            float v = y[i], mi = m[i];
            int vb = Float.floatToRawIntBits(v);
            // the table's sign fix assumes a number v with m's sign bit, and m > 0 for positive v (but +0)
            boolean inTable = t != null && v == v && (!signed || (vb ^ Float.floatToRawIntBits(mi)) >= 0 && (vb <= 0 || mi > 0));
            out[outOff + i] = (byte) (inTable ? code(t, v) : search(v, mi));
        }
    }

    /**
     * Codes of {@code x[i] / amax} for a block whose {@code amax = max |x|} is positive and
     * finite (so every quotient is a number with the sign of its state value), into {@code out[0..len)};
     * {@code y} is scratch. Same results as {@link #quantize}.
     */
    void quantizeBlock(float[] x, float amax, int len, float[] y, byte[] out, boolean vector, boolean fast, CodeTableVec.Scratch w) {
        int[] t = fast ? table() : null;
        if (vector) BlockMathVec.divide(x, amax, y, len);
        else for (int i = 0; i < len; i++) y[i] = x[i] / amax;
        if (t == null) for (int i = 0; i < len; i++) out[i] = (byte) search(y[i], x[i]);
        else if (vector) CodeTableVec.codes(t, y, len, 1f, w, out);
        else for (int i = 0; i < len; i++) out[i] = (byte) code(t, y[i]);
    }

    /**
     * The vector path of {@link #quantizeBlock} with the table, the codes written to {@code out}
     * from byte {@code off} (same results); false, with nothing written, when this code has no table.
     */
    boolean quantizeBlockInto(float[] x, float amax, int len, CodeTableVec.Scratch w, MemorySegment out, long off) {
        int[] t = table();
        if (t == null) return false;
        CodeTableVec.codesOfQuotients(t, x, len, amax, w, out, off);
        return true;
    }

    private static int code(int[] t, float v) {
        return CodeTable.code(t, Float.floatToRawIntBits(v));
    }

    /** The table for a number {@code y} of the sign of its state value, or null (this code has none). */
    private int[] table() {
        int[] t = table;
        if (t == null && !noTable) {
            synchronized (this) {
                if (table == null && !noTable) {
                    CodeTable c = build();
                    if (c == null) noTable = true;
                    else table = c.entries;
                }
                t = table;
            }
        }
        return t;
    }

    private CodeTable build() {
        for (int i = 0; i + 1 < 255; i++) if (!(adv[i] <= adv[i + 1])) return null;
        // at y = +0 the fix depends on m (+0, or a positive state that underflowed)
        if (signed && codeSign[count(0f)] != 0) return null;
        return CodeTable.build(adv, this::count, ks -> {
            int k = ks & 0xff, s = ks >>> 8;
            return !signed || codeSign[k] == s ? k : (k + (s == 0 ? 1 : -1)) & 0xff;
        });
    }

    private int count(float y) { return CodeTable.exceeded(adv, y); }

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
