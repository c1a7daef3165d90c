package io.bnb.conformance.check;

/**
 * Comparison of 8-bit codes that tolerates what CUDA's fast-math reciprocal does: an element whose
 * scaled value lies within 2 ulps of the midpoint between two codes may land on either; such
 * elements are counted and bounded, every other code must be identical.
 */
public final class Codes8 {
    private Codes8() {}

    /** At most this many boundary exceptions per tensor, or this fraction of its elements. */
    static final int MIN_EXCEPTIONS = 4;
    static final double EXCEPTION_RATE = 2e-4;

    public static void expectCodes(String what, int[] expected, int[] actual, float[] x, float[] code, float[] absmax, int bs) {
        Expect.length(what, expected.length, actual.length);
        int exceptions = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == actual[i]) continue;
            float am = absmax[i / bs];
            if (am == 0f && code[actual[i]] * am == code[expected[i]] * am) continue; // all-zero block: any code gives 0
            float v = x[i] * (1.0f / am);
            if (Math.abs(expected[i] - actual[i]) == 1 && Ref8.nearBoundary(code, v, 2)) {
                exceptions++;
                continue;
            }
            Expect.fail(what + ": element " + i + " (x = " + x[i] + ", scaled " + v + ") got code " + actual[i] + " ("
                    + code[actual[i]] + "), expected " + expected[i] + " (" + code[expected[i]] + ")");
        }
        int allowed = Math.max(MIN_EXCEPTIONS, (int) (EXCEPTION_RATE * expected.length));
        if (exceptions > allowed)
            Expect.fail(what + ": " + exceptions + " codes differ at decision boundaries, at most " + allowed + " allowed");
    }
}
