package io.bnb.backend.cpu;

import io.bnb.api.Codebooks;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The block paths on {@link CodeTable} (vector and scalar) give the codes of the exact rules:
 * {@link NearestCode#search} for quantizeBlockwise, {@link StateCodes#search} (with the sign fix)
 * for the optimizer states, over random values, exact midpoints and their neighbours, ±0 and
 * subnormals.
 */
class CodeTableTest {

    /** Values in [-1, 1]: random, every midpoint and entry with 2 ulps either side, ±0, subnormals. */
    static float[] unitProbes(float[] code, SplittableRandom r, int n) {
        float[] v = new float[n];
        int k = 0;
        for (int i = 0; i < 255 && k + 10 < n; i++) {
            float m = (code[i] + code[i + 1]) * 0.5f;
            for (float p : new float[] {m, code[i]}) {
                v[k++] = p;
                v[k++] = Math.nextUp(p);
                v[k++] = Math.nextDown(p);
                v[k++] = Math.nextUp(Math.nextUp(p));
                v[k++] = Math.nextDown(Math.nextDown(p));
            }
        }
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-40f, -1e-40f, 1f, -1f,
                Math.nextDown(1f), Math.nextUp(-1f), 1e-7f, -1e-7f, 3e-7f, -3e-7f};
        while (k < n) {
            v[k++] = switch (r.nextInt(4)) {
                case 0 -> special[r.nextInt(special.length)];
                case 1 -> (float) r.nextDouble(-1, 1);
                case 2 -> (float) (Math.pow(10, -r.nextDouble(0, 9)) * (r.nextBoolean() ? 1 : -1));
                default -> Float.intBitsToFloat(r.nextInt() & 0x3f7fffff | (r.nextBoolean() ? 0x80000000 : 0));
            };
        }
        Tensors.shuffle(v, r);  // so that blocks mix kinds
        return v;
    }

    @Test
    void quantizeBlockwiseLookupEqualsTheRule() {
        SplittableRandom r = new SplittableRandom(5);
        for (float[] code : new float[][] {Codebooks.dynamicSigned(), Codebooks.dynamicUnsigned(), NearestCodeTest.linear(), NearestCodeTest.paddedMap()}) {
            NearestCode nc = new NearestCode(code);
            assertNotNull(nc.table);
            float[] x = unitProbes(code, r, 20_000);
            for (float s : new float[] {1f, 0.75f, 1f / 3f, 2.5f, 1e-3f}) {
                byte[] vec = new byte[x.length], scalar = new byte[x.length];
                // the segment form at an odd offset and an odd length (vector body plus scalar tail)
                int len = x.length - 3;
                MemorySegment seg = MemorySegment.ofArray(new byte[len + 5]);
                if (Simd.ENABLED && Vec.USABLE) {
                    CodeTableVec.codes(nc.table, x, x.length, s, new CodeTableVec.Scratch(), vec);
                    CodeTableVec.codes(nc.table, x, len, s, new CodeTableVec.Scratch(), seg, 3);
                }
                CodeTableVec.codesScalar(nc.table, x, x.length, s, scalar);
                for (int i = 0; i < x.length; i++) {
                    int want = NearestCode.search(code, x[i] * s);
                    assertEquals(want, scalar[i] & 0xff, "scalar, x = " + x[i] + " * " + s);
                    if (Simd.ENABLED && Vec.USABLE) {
                        assertEquals(want, vec[i] & 0xff, "vector, x = " + x[i] + " * " + s);
                        if (i < len) assertEquals(want, seg.get(ValueLayout.JAVA_BYTE, 3 + i) & 0xff, "segment, x = " + x[i] + " * " + s);
                    }
                }
                if (Simd.ENABLED && Vec.USABLE) assertEquals(0, seg.get(ValueLayout.JAVA_BYTE, 3 + len), "nothing written past len");
            }
        }
    }

    @Test
    void stateBlockCodesEqualTheExactSearch() {
        SplittableRandom r = new SplittableRandom(7);
        for (boolean signed : new boolean[] {true, false}) {
            float[] code = signed ? Codebooks.dynamicSigned() : Codebooks.dynamicUnsigned();
            StateCodes sc = StateCodes.of(code, signed);
            float[] probes = unitProbes(code, r, 40_960);
            int bs = 256;
            float[] x = new float[bs], y = new float[bs];
            byte[] out = new byte[bs];
            CodeTableVec.Scratch w = new CodeTableVec.Scratch();
            MemorySegment seg = MemorySegment.ofArray(new byte[bs + 4]);
            for (int b = 0; b < probes.length / bs; b++) {
                // amax 1 keeps the probes exact (midpoints stay midpoints); others scale them
                float amax = b % 3 == 0 ? 1f : (float) Math.pow(2, r.nextInt(-20, 20)) * (1 + r.nextFloat());
                for (int i = 0; i < bs; i++) {
                    float p = probes[b * bs + i];
                    x[i] = (signed ? p : Math.abs(p)) * amax;
                }
                x[r.nextInt(bs)] = amax; // the block's absmax is one of its values
                float m = 0f;
                for (float v : x) m = Math.max(m, Math.abs(v));
                int len = b % 5 == 0 ? 1 + r.nextInt(bs) : bs; // ragged tails too
                if (len < bs) {
                    m = 0f;
                    for (int i = 0; i < len; i++) m = Math.max(m, Math.abs(x[i]));
                    if (m == 0f) continue;
                }
                for (boolean vector : Simd.ENABLED && Vec.USABLE ? new boolean[] {false, true} : new boolean[] {false}) {
                    Arrays.fill(out, (byte) 0x5a);
                    sc.quantizeBlock(x, m, len, y, out, vector, true, w);
                    for (int i = 0; i < len; i++) {
                        int want = sc.search(x[i] / m, x[i]);
                        assertEquals(want, out[i] & 0xff, "x = " + x[i] + " amax " + m + " signed " + signed + " vector " + vector);
                    }
                    if (vector) {
                        // the optimizer's path: codes written straight into the state tensor, at an odd offset
                        seg.fill((byte) 0x5a);
                        assertTrue(sc.quantizeBlockInto(x, m, len, w, seg, 3));
                        for (int i = 0; i < len; i++)
                            assertEquals(sc.search(x[i] / m, x[i]), seg.get(ValueLayout.JAVA_BYTE, 3 + i) & 0xff, "into x = " + x[i] + " amax " + m);
                        assertEquals((byte) 0x5a, seg.get(ValueLayout.JAVA_BYTE, 3 + len), "nothing written past the block");
                    }
                }
            }
        }
    }
}
