package io.bnb.conformance.check;

import org.opentest4j.AssertionFailedError;

/**
 * Assertions that say where arrays differ: the count of mismatches, the first index and both
 * values, so that a failing conformance test tells the vendor what to look at.
 */
public final class Expect {
    private Expect() {}

    public static void fail(String message) { throw new AssertionFailedError(message); }

    public static void isTrue(boolean ok, String message) { if (!ok) fail(message); }

    public static void shape(String what, long[] expected, long[] actual) {
        if (!java.util.Arrays.equals(expected, actual))
            fail(what + ": shape " + java.util.Arrays.toString(actual) + ", expected " + java.util.Arrays.toString(expected));
    }

    public static void length(String what, int expected, int actual) {
        if (expected != actual) fail(what + ": " + actual + " elements, expected " + expected);
    }

    /** Byte-identical. */
    public static void bytes(String what, byte[] expected, byte[] actual) {
        length(what, expected.length, actual.length);
        int bad = 0, first = -1;
        for (int i = 0; i < expected.length; i++)
            if (expected[i] != actual[i]) {
                if (first < 0) first = i;
                bad++;
            }
        if (bad > 0)
            fail(what + ": " + bad + " of " + expected.length + " bytes differ; first at index " + first + ": got 0x"
                    + hex(actual[first]) + ", expected 0x" + hex(expected[first]));
    }

    public static void ints(String what, int[] expected, int[] actual) {
        length(what, expected.length, actual.length);
        int bad = 0, first = -1;
        for (int i = 0; i < expected.length; i++)
            if (expected[i] != actual[i]) {
                if (first < 0) first = i;
                bad++;
            }
        if (bad > 0) fail(what + ": " + bad + " of " + expected.length + " values differ; first at index " + first + ": got "
                + actual[first] + ", expected " + expected[first]);
    }

    public static void longs(String what, long[] expected, long[] actual) {
        if (!java.util.Arrays.equals(expected, actual))
            fail(what + ": got " + abbreviate(java.util.Arrays.toString(actual)) + ", expected " + abbreviate(java.util.Arrays.toString(expected)));
    }

    /** Bit-identical floats, except that +0 equals -0 and NaN equals NaN. */
    public static void identical(String what, float[] expected, float[] actual) {
        length(what, expected.length, actual.length);
        int bad = 0, first = -1;
        for (int i = 0; i < expected.length; i++)
            if (!same(expected[i], actual[i])) {
                if (first < 0) first = i;
                bad++;
            }
        if (bad > 0) fail(what + ": " + bad + " of " + expected.length + " values differ; first at index " + first + ": got "
                + actual[first] + ", expected " + expected[first]);
    }

    public static boolean same(float a, float b) { return a == b || (Float.isNaN(a) && Float.isNaN(b)); }

    /**
     * At most {@code allowed} elements with {@code |a - e| > atol + rtol·|e|} (torch's isclose rule);
     * NaN never matches a number.
     */
    public static void close(String what, float[] expected, float[] actual, double atol, double rtol, int allowed) {
        length(what, expected.length, actual.length);
        int bad = 0, first = -1;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            double d = Math.abs(a - e);
            boolean ok = same(expected[i], actual[i]) || d <= atol + rtol * Math.abs(e);
            if (!ok) {
                if (first < 0) first = i;
                bad++;
                if (!(d <= worst)) worst = d;
            }
        }
        if (bad > allowed)
            fail(what + ": " + bad + " of " + expected.length + " values outside atol " + atol + ", rtol " + rtol + " (" + allowed
                    + " allowed); first at index " + first + ": got " + actual[first] + ", expected " + expected[first]
                    + "; largest difference " + worst);
    }

    public static void close(String what, float[] expected, float[] actual, double atol, double rtol) {
        close(what, expected, actual, atol, rtol, 0);
    }

    /** {@code lo <= value <= hi}, with a message naming the bound. */
    public static void within(String what, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) fail(what + " = " + value + ", expected within [" + lo + ", " + hi + "]");
    }

    public static void below(String what, double value, double bar) {
        if (!(value < bar)) fail(what + " = " + value + ", expected < " + bar);
    }

    public static void atMost(String what, double value, double bar) {
        if (!(value <= bar)) fail(what + " = " + value + ", expected <= " + bar);
    }

    static String hex(byte b) { return String.format("%02x", b & 0xff); }

    static String abbreviate(String s) { return s.length() > 300 ? s.substring(0, 300) + "..." : s; }
}
