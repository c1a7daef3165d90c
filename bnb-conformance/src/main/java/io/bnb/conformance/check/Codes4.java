package io.bnb.conformance.check;

import io.bnb.api.QuantType;

/**
 * Comparison of packed 4-bit codes. Identical, except (1) the two FP4 zero codes are equivalent,
 * and (2) an element whose scaled value lies within 2 ulps of a decision threshold may sit on the
 * neighbouring code (CUDA's fast-math reciprocal, spec OPS.md §2.2); such exceptions are counted
 * and bounded. The padding nibble of an odd-length tensor must be exact.
 */
public final class Codes4 {
    private Codes4() {}

    static final int MIN_EXCEPTIONS = 4;
    static final double EXCEPTION_RATE = 2e-4;

    /** Compares packed bytes of {@code x} (the quantized input as float32) with the expected packing. */
    public static void expectPacked(String what, byte[] expected, byte[] actual, float[] x, float[] absmax, int bs, QuantType t) {
        Expect.length(what + " bytes", expected.length, actual.length);
        int n = x.length;
        int[] e = Ref4.unpack(expected, n), a = Ref4.unpack(actual, n);
        int exceptions = 0;
        for (int i = 0; i < n; i++) {
            if (Ref4.equivalent(e[i], a[i], t)) continue;
            if (absmax[i / bs] == 0f) continue; // all-zero block: every code dequantizes to zero
            float s = Ref4.scaled(x[i], absmax[i / bs]);
            if (Ref4.adjacent(e[i], a[i], t) && Ref4.nearThreshold(s, t, 2)) {
                exceptions++;
                continue;
            }
            Expect.fail(what + ": element " + i + " (x = " + x[i] + ", scaled " + s + ") got code " + a[i] + ", expected " + e[i]
                    + (i % 2 == 0 ? " (high nibble of byte " + i / 2 + ")" : " (low nibble of byte " + i / 2 + ")"));
        }
        if (n % 2 == 1) {
            int ep = expected[n / 2] & 0xf, ap = actual[n / 2] & 0xf;
            if (!Ref4.equivalent(ep, ap, t)) Expect.fail(what + ": padding nibble of the last byte is " + ap + ", expected " + ep);
        }
        int allowed = Math.max(MIN_EXCEPTIONS, (int) (EXCEPTION_RATE * n));
        if (exceptions > allowed)
            Expect.fail(what + ": " + exceptions + " codes differ at decision thresholds, at most " + allowed + " allowed");
    }
}
