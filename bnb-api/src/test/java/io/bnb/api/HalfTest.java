package io.bnb.api;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * fp16 and bf16 conversions, exhaustively over every 16-bit pattern, against a reference written
 * here from the format definitions with exact double arithmetic (no use of {@link Float#float16ToFloat}).
 */
class HalfTest {

    // ------------------------------------------------------------------ independent reference

    /** Decodes a binary format with {@code expBits} exponent and {@code manBits} mantissa bits (exact in double). */
    static double decode(int bits, int expBits, int manBits) {
        int sign = (bits >>> (expBits + manBits)) & 1;
        int exp = (bits >>> manBits) & ((1 << expBits) - 1);
        int man = bits & ((1 << manBits) - 1);
        int bias = (1 << (expBits - 1)) - 1;
        double mag;
        if (exp == (1 << expBits) - 1) mag = man == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        else if (exp == 0) mag = man * Math.pow(2, 1 - bias - manBits);
        else mag = ((1L << manBits) + man) * Math.pow(2, exp - bias - manBits);
        return sign == 1 ? -mag : mag;
    }

    /**
     * Rounds a finite float to the format's grid, ties to even, and encodes it. The grid spacing for
     * |x| in [2^e, 2^(e+1)) is 2^(e - manBits), never below the subnormal spacing; {@link Math#rint}
     * on the exact quotient is round-half-even.
     */
    static int encode(float x, int expBits, int manBits) {
        int bias = (1 << (expBits - 1)) - 1;
        int sign = Float.floatToRawIntBits(x) < 0 ? 1 : 0;
        double a = Math.abs((double) x);
        int signBit = sign << (expBits + manBits);
        if (Double.isInfinite(a)) return signBit | (((1 << expBits) - 1) << manBits);
        int minExp = 1 - bias;
        int e = a == 0 ? minExp : Math.max(minExp, Math.getExponent(a));
        double spacing = Math.pow(2, e - manBits);
        double r = Math.rint(a / spacing) * spacing; // exact: a and spacing are both binary
        if (r == 0) return signBit;
        int re = Math.getExponent(r);
        if (re > bias) return signBit | (((1 << expBits) - 1) << manBits); // rounded past the largest finite
        if (re < minExp) return signBit | (int) (r / Math.pow(2, minExp - manBits)); // subnormal
        int man = (int) (r / Math.pow(2, re - manBits)) - (1 << manBits);
        return signBit | ((re + bias) << manBits) | man;
    }

    static boolean isNaN(int bits, int expBits, int manBits) {
        int exp = (bits >>> manBits) & ((1 << expBits) - 1);
        return exp == (1 << expBits) - 1 && (bits & ((1 << manBits) - 1)) != 0;
    }

    /** The floats whose rounding matters for pattern {@code h}: itself, the midpoint to the next pattern and its float neighbours. */
    static float[] probes(int h, int expBits, int manBits) {
        double v = decode(h, expBits, manBits);
        int next = h + 1;
        if (Double.isNaN(v) || Double.isInfinite(v) || ((next >>> (expBits + manBits)) != (h >>> (expBits + manBits)))) return new float[]{(float) v};
        double w = decode(next, expBits, manBits); // next magnitude away from zero, may be infinity
        if (Double.isInfinite(w)) w = Math.copySign(Math.pow(2, bias(expBits) + 1), v);
        float mid = (float) ((v + w) / 2); // exact: one more bit than the format
        assertEquals((v + w) / 2, mid, 0.0, "midpoint must be exact in float");
        return new float[]{(float) v, mid, Math.nextDown(mid), Math.nextUp(mid), (float) v == 0 ? Float.MIN_VALUE : Math.nextUp((float) v)};
    }

    static int bias(int expBits) { return (1 << (expBits - 1)) - 1; }

    // ------------------------------------------------------------------ fp16

    @Test
    void f16ToF32ExhaustiveAgainstDefinition() {
        for (int h = 0; h < 65536; h++) {
            float got = Half.f16ToF32((short) h);
            double want = decode(h, 5, 10);
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(got), "f16 0x" + Integer.toHexString(h) + " must decode to NaN");
                continue;
            }
            assertEquals(Float.floatToRawIntBits((float) want), Float.floatToRawIntBits(got),
                    "f16 0x" + Integer.toHexString(h) + " decodes to " + want);
        }
    }

    @Test
    void f32ToF16ExhaustiveRoundTripTiesAndNeighbours() {
        int checked = 0;
        for (int h = 0; h < 65536; h++) {
            if (isNaN(h, 5, 10)) {
                short back = Half.f32ToF16(Half.f16ToF32((short) h));
                assertTrue(isNaN(back & 0xffff, 5, 10), "NaN f16 0x" + Integer.toHexString(h) + " must stay NaN");
                assertEquals(h >>> 15, (back & 0xffff) >>> 15, "NaN sign");
                continue;
            }
            assertEquals(h, Half.f32ToF16(Half.f16ToF32((short) h)) & 0xffff, "round trip of f16 0x" + Integer.toHexString(h));
            for (float x : probes(h, 5, 10)) {
                int want = encode(x, 5, 10);
                int got = Half.f32ToF16(x) & 0xffff;
                if (want != got) fail(String.format("f32ToF16(%s = 0x%08x): expected 0x%04x, got 0x%04x", x, Float.floatToRawIntBits(x), want, got));
                checked++;
            }
        }
        assertTrue(checked > 4 * 60000, "probed " + checked);
    }

    @Test
    void f16TiesGoToEvenInBothDirections() {
        // 1 + 2^-11 lies halfway between 1 (even mantissa) and 1 + 2^-10 (odd): down to even
        assertEquals(0x3c00, Half.f32ToF16(1f + 0x1p-11f) & 0xffff);
        // 1 + 3*2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even): up to even
        assertEquals(0x3c02, Half.f32ToF16(1f + 3 * 0x1p-11f) & 0xffff);
        // 65520 is halfway between 65504 (odd mantissa 0x3ff) and 65536: to even, i.e. infinity
        assertEquals(0x7c00, Half.f32ToF16(65520f) & 0xffff);
        assertEquals(0x7bff, Half.f32ToF16(Math.nextDown(65520f)) & 0xffff);
        // half the smallest subnormal ties to zero, anything above goes to the subnormal
        assertEquals(0x0000, Half.f32ToF16(0x1p-25f) & 0xffff);
        assertEquals(0x0001, Half.f32ToF16(Math.nextUp(0x1p-25f)) & 0xffff);
        assertEquals(0x8000, Half.f32ToF16(-0x1p-26f) & 0xffff, "tiny negatives keep their sign");
        assertEquals(0x0002, Half.f32ToF16(3 * 0x1p-25f) & 0xffff, "subnormal tie 1.5 ulp goes up to even 2");
    }

    @Test
    void f32ToF16RandomFloatsMatchReference() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            float x = Float.intBitsToFloat(rnd.nextInt());
            if (Float.isNaN(x)) {
                assertTrue(isNaN(Half.f32ToF16(x) & 0xffff, 5, 10));
                continue;
            }
            int want = encode(x, 5, 10), got = Half.f32ToF16(x) & 0xffff;
            if (want != got) fail(String.format("f32ToF16(0x%08x): expected 0x%04x, got 0x%04x", Float.floatToRawIntBits(x), want, got));
        }
    }

    // ------------------------------------------------------------------ bf16

    @Test
    void bf16ToF32ExhaustiveAgainstDefinition() {
        for (int h = 0; h < 65536; h++) {
            float got = Half.bf16ToF32((short) h);
            double want = decode(h, 8, 7);
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(got), "bf16 0x" + Integer.toHexString(h) + " must decode to NaN");
                continue;
            }
            assertEquals(Float.floatToRawIntBits((float) want), Float.floatToRawIntBits(got),
                    "bf16 0x" + Integer.toHexString(h) + " decodes to " + want);
        }
    }

    @Test
    void f32ToBf16ExhaustiveRoundTripTiesAndNeighbours() {
        int checked = 0;
        for (int h = 0; h < 65536; h++) {
            if (isNaN(h, 8, 7)) continue;
            assertEquals(h, Half.f32ToBf16(Half.bf16ToF32((short) h)) & 0xffff, "round trip of bf16 0x" + Integer.toHexString(h));
            for (float x : probes(h, 8, 7)) {
                int want = encode(x, 8, 7);
                int got = Half.f32ToBf16(x) & 0xffff;
                if (want != got) fail(String.format("f32ToBf16(%s = 0x%08x): expected 0x%04x, got 0x%04x", x, Float.floatToRawIntBits(x), want, got));
                checked++;
            }
        }
        assertTrue(checked > 4 * 60000, "probed " + checked);
    }

    @Test
    void f32ToBf16KeepsEveryNaNANaN() {
        // Truncating 0x7f800001 would give 0x7f80, infinity; rounding up would too. Every float NaN must stay NaN.
        for (int top = 0; top < 65536; top++) {
            if (((top >>> 7) & 0xff) != 0xff) continue;
            for (int low : new int[]{0x0000, 0x0001, 0x7fff, 0x8000, 0xffff}) {
                int fbits = (top << 16) | low;
                float x = Float.intBitsToFloat(fbits);
                if (!Float.isNaN(x)) continue;
                int got = Half.f32ToBf16(x) & 0xffff;
                assertTrue(isNaN(got, 8, 7), String.format("NaN 0x%08x became 0x%04x", fbits, got));
                assertEquals(fbits >>> 31, got >>> 15, "NaN sign");
            }
        }
    }

    @Test
    void bf16TiesGoToEvenInBothDirections() {
        assertEquals(0x3f80, Half.f32ToBf16(Float.intBitsToFloat(0x3f808000)) & 0xffff, "tie down to even");
        assertEquals(0x3f82, Half.f32ToBf16(Float.intBitsToFloat(0x3f818000)) & 0xffff, "tie up to even");
        assertEquals(0x3f81, Half.f32ToBf16(Float.intBitsToFloat(0x3f808001)) & 0xffff, "above the tie goes up");
        assertEquals(0x7f80, Half.f32ToBf16(Float.MAX_VALUE) & 0xffff, "MAX_VALUE rounds to infinity");
        assertEquals(0x7f7f, Half.f32ToBf16(Float.intBitsToFloat(0x7f7f7fff)) & 0xffff);
        assertEquals(0x0000, Half.f32ToBf16(Float.MIN_VALUE) & 0xffff, "smallest float subnormal rounds to +0");
        assertEquals(0xff80, Half.f32ToBf16(Float.NEGATIVE_INFINITY) & 0xffff);
    }

    @Test
    void f32ToBf16RandomFloatsMatchReference() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 1_000_000; i++) {
            float x = Float.intBitsToFloat(rnd.nextInt());
            if (Float.isNaN(x)) continue;
            int want = encode(x, 8, 7), got = Half.f32ToBf16(x) & 0xffff;
            if (want != got) fail(String.format("f32ToBf16(0x%08x): expected 0x%04x, got 0x%04x", Float.floatToRawIntBits(x), want, got));
        }
    }

    // ------------------------------------------------------------------ round() and host arrays

    @Test
    void roundSnapsToTheDtypeGrid() {
        float x = 1f + 0x1p-11f + 0x1p-20f;
        assertEquals(x, Half.round(x, DType.F32));
        assertEquals(1f + 0x1p-10f, Half.round(x, DType.F16));
        assertEquals(1f, Half.round(x, DType.BF16));
        var e = assertThrows(IllegalArgumentException.class, () -> Half.round(1f, DType.I8));
        assertTrue(e.getMessage().contains("I8"), e.getMessage());
    }

    @Test
    void hostArraysRoundTripLittleEndian() {
        float[] data = {1f, -2.5f, 65504f, 0x1p-24f, Float.NEGATIVE_INFINITY, 3.140625f};
        for (DType d : new DType[]{DType.F32, DType.F16, DType.BF16}) {
            var seg = HostArrays.fromFloats(data, d);
            assertEquals((long) data.length * d.byteSize(), seg.byteSize());
            float[] back = HostArrays.toFloats(seg, d);
            for (int i = 0; i < data.length; i++) assertEquals(Half.round(data[i], d), back[i], d + " element " + i);
        }
        var f16 = HostArrays.fromFloats(new float[]{1f}, DType.F16);
        assertEquals(0x00, f16.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0), "low byte first");
        assertEquals(0x3c, f16.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1));
        assertThrows(IllegalArgumentException.class, () -> HostArrays.fromFloats(data, DType.I32));
    }
}
