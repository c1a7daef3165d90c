package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** quantize_4bit / dequantize_4bit against every q4.* and q4odd.* golden of upstream CUDA. */
class FourBitGoldenTest {
    static final CpuBackend B = new CpuBackend();
    static final GoldenFile G = GoldenFile.dev();
    static final Pattern KEY = Pattern.compile("q4(odd)?\\.(nf4|fp4)\\.(?:(fp32|bf16|fp16)\\.)?bs(\\d+)\\.packed");

    /** How the kernel is reached: through the backend (vector path when available), or the scalar code directly. */
    enum Path { BACKEND, SCALAR }

    record Case(String prefix, String input, QuantType type, DType dtype, int bs) {
        @Override public String toString() { return prefix; }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String name : G.names()) {
            Matcher m = KEY.matcher(name);
            if (!m.matches()) continue;
            boolean odd = m.group(1) != null;
            QuantType t = QuantType.fromUpstream(m.group(2));
            DType d = m.group(3) == null ? DType.F32 : switch (m.group(3)) {
                case "fp32" -> DType.F32;
                case "bf16" -> DType.BF16;
                default -> DType.F16;
            };
            out.add(new Case(name.substring(0, name.length() - ".packed".length()), odd ? "q4odd.input_fp32" : "q4.input_fp32",
                    t, d, Integer.parseInt(m.group(4))));
        }
        return out;
    }

    static Stream<Arguments> casesAndPaths() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, Path.BACKEND), Arguments.of(c, Path.SCALAR)));
    }

    @Test
    void everyQuantize4bitGoldenIsCovered() {
        // 2 types x 3 dtypes x 5 block sizes, plus the odd-length NF4 vector
        assertEquals(31, cases().size(), () -> "cases: " + cases());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndPaths")
    void quantizeMatchesUpstream(Case c, Path path) {
        float[] x = G.floats(c.input());
        byte[] want = G.bytes(c.prefix() + ".packed");
        float[] wantAbsmax = G.floats(c.prefix() + ".absmax");
        byte[] got;
        float[] gotAbsmax;
        try (Tensor a = B.upload(x, c.dtype(), x.length)) {
            if (path == Path.BACKEND) {
                try (Quantized q = B.quantize4bit(a, c.bs(), c.type(), DType.U8)) {
                    assertArrayEquals(new long[] {(x.length + 1) / 2, 1}, q.data().shape());
                    got = B.downloadBytes(q.data());
                    gotAbsmax = B.downloadFloats(q.absmax());
                }
            } else {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment packed = arena.allocate((x.length + 1) / 2);
                    MemorySegment am = arena.allocate(4L * wantAbsmax.length);
                    FourBitKernels.quantizeScalar(CpuBackend.seg(a), c.dtype(), x.length, c.bs(), c.type(), packed, am, 0, wantAbsmax.length);
                    got = packed.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                    gotAbsmax = am.toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
                }
            }
        }
        assertBitsEqual(wantAbsmax, gotAbsmax, c + " absmax");
        List<String> diffs = codeDiffs(want, got, c.type(), x.length);
        if (c.type() == QuantType.FP4 && c.dtype() != DType.F32) {
            // CUDA's fast-math reciprocal moves a few values sitting exactly on an FP4 threshold
            // to the neighbouring code (spec OPS.md §2.2); bounded, and each must be a neighbour.
            assertTrue(diffs.size() <= 3, () -> c + ": " + diffs.size() + " codes differ: " + diffs);
            for (String d : diffs) assertTrue(d.endsWith("neighbour"), () -> c + ": not a neighbouring code: " + d);
        } else {
            assertEquals(List.of(), diffs, c + ": codes differ");
        }
    }

    /** Differing codes as "index: want->got (neighbour|far)"; FP4 neighbours share the sign and differ by one magnitude rank. */
    static List<String> codeDiffs(byte[] want, byte[] got, QuantType type, long n) {
        assertEquals(want.length, got.length, "packed length");
        List<String> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            int w = nibble(want, i), g = nibble(got, i);
            if (w == g) continue;
            out.add(i + ": " + w + "->" + g + " " + (neighbours(type, w, g) ? "neighbour" : "far"));
        }
        // the padding nibble of an odd length must match too
        if ((n & 1) == 1 && nibble(want, n) != nibble(got, n)) out.add("padding: " + nibble(want, n) + "->" + nibble(got, n) + " far");
        return out;
    }

    static boolean neighbours(QuantType type, int a, int b) {
        if (type == QuantType.NF4) return Math.abs(a - b) == 1;
        if ((a & 8) != (b & 8)) return false;
        return Math.abs(fp4Rank(a & 7) - fp4Rank(b & 7)) == 1;
    }

    /** Magnitude rank of a 3-bit FP4 pattern (inverse of FourBitCodes.fp4Pattern, written out independently). */
    static int fp4Rank(int pattern) {
        int[] rankOf = {0, 1, 6, 7, 4, 5, 2, 3}; // patterns 000,001,010,... have ranks 0,1,6,7,4,5,2,3
        return rankOf[pattern];
    }

    static int nibble(byte[] packed, long i) {
        int b = packed[(int) (i >>> 1)];
        return (i & 1) == 0 ? (b >>> 4) & 15 : b & 15;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndPaths")
    void dequantizeMatchesUpstream(Case c, Path path) {
        GoldenFile.Entry want = G.get(c.prefix() + ".dequant");
        long[] shape = want.shape();
        long n = io.bnb.api.Shapes.numel(shape);
        float[] got;
        try (Tensor packed = G.upload(B, c.prefix() + ".packed"); Tensor absmax = G.upload(B, c.prefix() + ".absmax")) {
            if (path == Path.BACKEND) {
                try (Tensor out = B.dequantize4bit(packed, absmax, c.bs(), c.type(), shape, c.dtype())) {
                    assertEquals(c.dtype(), out.dtype());
                    assertArrayEquals(shape, out.shape());
                    got = B.downloadFloats(out);
                }
            } else {
                try (Tensor out = B.allocate(c.dtype(), shape)) {
                    FourBitKernels.dequantizeScalar(CpuBackend.seg(packed), CpuBackend.seg(absmax), n, c.bs(), c.type(),
                            CpuBackend.seg(out), c.dtype(), 0, absmax.numel());
                    got = B.downloadFloats(out);
                }
            }
        }
        assertBitsEqual(want.floats(), got, c + " dequant");
    }

    @Test
    void vectorPathIsExercisedWhenAvailable() {
        Assumptions.assumeTrue(Simd.ENABLED, "Vector API not present: only the scalar path exists");
        assertTrue(Vec.USABLE || FloatVectorWidth.bits() < 256, "an 8-lane float species should be usable on this CPU");
    }

    static void assertBitsEqual(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + " length");
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                int k = i;
                fail(what + " differs at " + k + ": want " + want[k] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(want[k]))
                        + ") got " + got[k] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(got[k])) + ")");
            }
        }
    }

    /** Preferred vector width, read without touching the vector classes when they are absent. */
    static final class FloatVectorWidth {
        static int bits() { return Simd.bits(); }
    }
}
