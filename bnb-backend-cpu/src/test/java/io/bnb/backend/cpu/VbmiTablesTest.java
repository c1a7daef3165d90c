package io.bnb.backend.cpu;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The permute lookup of {@link VbmiTables} against a plain table read, on any machine (without
 * VBMI the Vector API runs the same permutes in Java, so the arithmetic is checked even where the
 * backend does not take this path).
 */
class VbmiTablesTest {
    @Test
    void lookupsEqualAPlainTableReadForBothPlaneBuilders() {
        Tensors.assumeVectorApi();
        SplittableRandom r = new SplittableRandom(5);
        short[] shorts = new short[256];
        int[] ints = new int[256];
        for (int i = 0; i < 256; i++) {
            shorts[i] = (short) r.nextInt(1 << 16);
            ints[i] = r.nextInt(); // the low half is not part of the table
        }
        byte[] fromShorts = new byte[VbmiTables.BYTES], fromInts = new byte[VbmiTables.BYTES];
        VbmiTables.planesOfShorts(shorts, fromShorts);
        VbmiTables.planesOfHighHalves(ints, fromInts);
        try (Arena arena = Arena.ofConfined()) {
            int n = 64 * 7 + 23, off = 5;
            MemorySegment idx = arena.allocate(n + off), out = arena.allocate(2L * (n + 3));
            for (int i = 0; i < n + off; i++) idx.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
            idx.set(ValueLayout.JAVA_BYTE, off, (byte) 0x80); // the first index of the upper half
            idx.set(ValueLayout.JAVA_BYTE, off + 1, (byte) 0x7f); // the last of the lower half
            for (boolean high : new boolean[] {false, true}) {
                out.fill((byte) 0);
                int done = VbmiTables.lookup(idx, off, high ? fromInts : fromShorts, out, 3, n);
                assertEquals(64 * 7, done, "whole groups of 64 written");
                for (int i = 0; i < done; i++) {
                    int q = idx.get(ValueLayout.JAVA_BYTE, off + i) & 0xff;
                    short want = high ? (short) (ints[q] >>> 16) : shorts[q];
                    assertEquals(want, out.getAtIndex(Elements.I16, 3 + i), (high ? "int table" : "short table") + ", element " + i + ", index " + q);
                }
                for (int i = 0; i < 3; i++) assertEquals(0, out.getAtIndex(Elements.I16, i), "nothing written before outIndex");
                for (int i = 3 + done; i < n + 3; i++) assertEquals(0, out.getAtIndex(Elements.I16, i), "nothing written past the groups");
            }
        }
    }

    @Test
    void scaledFloatLookupsEqualTheScalarProduct() {
        Tensors.assumeVectorApi();
        SplittableRandom r = new SplittableRandom(9);
        float[] code = new float[256];
        for (int i = 0; i < 256; i++) code[i] = (float) r.nextDouble(-2, 2);
        code[0] = Float.NaN;
        code[255] = Float.NEGATIVE_INFINITY;
        code[128] = -0f;
        code[77] = Float.MIN_VALUE;
        byte[] planes = VbmiTables.planesOfFloats(code);
        try (Arena arena = Arena.ofConfined()) {
            int n = 64 * 5 + 40, off = 3;
            MemorySegment idx = arena.allocate(n + off);
            for (int i = 0; i < n + off; i++) idx.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
            for (float scale : new float[] {1f, -3.25f, 1e-30f, Float.MAX_VALUE, 0f, Float.NaN}) {
                float[] out = new float[n + 2];
                int done = VbmiTables.lookupScaled(idx, off, planes, scale, out, 2, n);
                assertEquals(64 * 5, done, "whole groups of 64 written");
                for (int i = 0; i < done; i++) {
                    int q = idx.get(ValueLayout.JAVA_BYTE, off + i) & 0xff;
                    assertEquals(Float.floatToRawIntBits(code[q] * scale), Float.floatToRawIntBits(out[2 + i]),
                            "scale " + scale + ", element " + i + ", index " + q);
                }
                assertEquals(0f, out[0]);
                assertEquals(0f, out[2 + done]);
            }
        }
    }
}
