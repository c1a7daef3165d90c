package io.bnb.backend.cpu;

import io.bnb.api.DType;
import io.bnb.api.Half;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chunk reads and writes of the optimizers and clipping ({@link FloatLanes#read},
 * {@link FloatLanes#write}), whichever path serves (BF16 takes vectors where they are usable):
 * every 16-bit pattern read as its value, and floats written as their nearest-even rounding (NaN
 * kept quiet), at offsets and lengths that leave tails.
 */
class FloatLanesTest {
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F16", "BF16"})
    void everyHalfReadsAsItsValue(DType t) {
        int n = 1 << 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(2L * n + 2);
            for (int i = 0; i < n; i++) s.setAtIndex(FloatLanes.I16, i + 1, (short) i);
            float[] got = new float[n + 3];
            // from element 1, into offset 3: no load or store lands on a vector boundary
            FloatLanes.read(s, t, 1, got, 3, n);
            for (int i = 0; i < n; i++) {
                float want = t == DType.BF16 ? Float.intBitsToFloat(i << 16) : Float.float16ToFloat((short) i);
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[i + 3]), t + " pattern 0x" + Integer.toHexString(i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F16", "BF16"})
    void floatsAreWrittenRoundedToNearestEven(DType t) {
        SplittableRandom r = new SplittableRandom(29);
        int n = 100_003;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int bits = r.nextInt();
            // a third exactly halfway between two values of the dtype, to test the ties
            if (i % 3 == 0) bits = t == DType.BF16 ? bits & 0xffff0000 | 0x8000 : bits & 0xffffe000 | 0x1000;
            x[i] = Float.intBitsToFloat(bits);
        }
        x[5] = Float.NaN;
        x[6] = Float.intBitsToFloat(0x7f800001); // a signalling NaN
        x[7] = Float.POSITIVE_INFINITY;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(2L * n);
            FloatLanes.write(s, t, 1, x, 2, n - 2);
            for (int i = 2; i < n; i++) {
                short want = t == DType.BF16 ? Half.f32ToBf16(x[i]) : Float.floatToFloat16(x[i]);
                short got = s.getAtIndex(FloatLanes.I16, i - 1);
                if (t == DType.F16 && Float.isNaN(x[i])) assertEquals(0x7c00, got & 0x7c00, "F16 NaN stays NaN at " + i);
                else assertEquals(want, got, t + " value " + Float.toHexString(x[i]) + " at " + i);
            }
        }
    }
}
