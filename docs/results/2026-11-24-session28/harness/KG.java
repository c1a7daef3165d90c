package io.bnb.backend.cpu;

import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.Random;
import static jdk.incubator.vector.VectorOperators.*;

public class KG {
    static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    public static void main(String[] a) throws Exception {
        int n = 1 << 24, bs = Integer.parseInt(a[0]);
        Arena arena = Arena.global();
        MemorySegment in = arena.allocate(2L * n, 64), out = arena.allocate(n, 64), out2 = arena.allocate(n, 64);
        Random r = new Random(1);
        for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
        float[] code = new float[256];
        for (int i = 0; i < 256; i++) code[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(
            java.nio.file.Files.readAllLines(java.nio.file.Path.of("/work/shared/spec/data/dynamic_map_signed.hex")).get(i).substring(2), 16));
        NearestCode search = new NearestCode(code);
        Blockwise8Bf16Keys keys = search.bf16Keys();
        Blockwise8Bf16Keys.Scratch w = new Blockwise8Bf16Keys.Scratch();
        // packed int tables: 4 codes per int
        java.lang.reflect.Field f = Blockwise8Bf16Keys.class.getDeclaredField("codes"); f.setAccessible(true);
        byte[][] codes = (byte[][]) f.get(keys);
        int[][] packed = new int[128][codes[0].length / 4];
        for (int mu = 0; mu < 128; mu++) for (int j = 0; j < packed[mu].length; j++)
            packed[mu][j] = (codes[mu][4*j] & 0xff) | (codes[mu][4*j+1] & 0xff) << 8 | (codes[mu][4*j+2] & 0xff) << 16 | (codes[mu][4*j+3] & 0xff) << 24;
        float[] spare = new float[bs];
        int[] idx = new int[16];
        int[] idxA = new int[bs / 2], idxB = new int[bs / 2];
        for (int rep = 0; rep < 12; rep++) {
            long t0 = System.nanoTime();
            for (long b = 0; b < n / bs; b++) { float m = Vec.absmaxBf16(in, b * bs, bs, spare); keys.block(in, b * bs, bs, m, w, out); }
            long t1 = System.nanoTime();
            for (long b = 0; b < n / bs; b++) { float m = Vec.absmaxBf16(in, b * bs, bs, spare); gather(in, b * bs, bs, m, packed, idx, out2); }
            long t2 = System.nanoTime();
            for (long b = 0; b < n / bs; b++) { float m = Vec.absmaxBf16(in, b * bs, bs, spare); out.set(ValueLayout.JAVA_FLOAT_UNALIGNED, b, m); }
            long t3 = System.nanoTime();
            for (long b = 0; b < n / bs; b++) { float m = Vec.absmaxBf16(in, b * bs, bs, spare); keys.block(in, b * bs, bs, Float.intBitsToFloat(Float.floatToRawIntBits(m) & 0xff800000 | 0x00300000), w, out2); }
            long t4 = System.nanoTime();
            t4 = System.nanoTime();
            System.out.printf("fixed-table %.2f ms ", (t4-t3)/1e6);
            int G = Integer.parseInt(a[1]);
            float[] ms = new float[G]; int[] order = new int[G]; int[] count = new int[129];
            for (long g = 0; g < n / bs; g += G) {
                for (int j = 0; j < G; j++) ms[j] = Vec.absmaxBf16(in, (g + j) * bs, bs, spare);
                java.util.Arrays.fill(count, 0);
                for (int j = 0; j < G; j++) count[(Float.floatToRawIntBits(ms[j]) >>> 16 & 0x7f) + 1]++;
                for (int c = 0; c < 128; c++) count[c + 1] += count[c];
                for (int j = 0; j < G; j++) order[count[Float.floatToRawIntBits(ms[j]) >>> 16 & 0x7f]++] = j;
                for (int j = 0; j < G; j++) { int q = order[j]; keys.block(in, (g + q) * bs, bs, ms[q], w, out2); }
            }
            long t5 = System.nanoTime();
            System.out.printf("grouped %.2f ms ", (t5-t4)/1e6);
            {
                long p0 = System.nanoTime();
                for (long b = 0; b + 1 < n / bs; b += 2) {
                    float m0 = Vec.absmaxBf16(in, b * bs, bs, spare), m1 = Vec.absmaxBf16(in, (b + 1) * bs, bs, spare);
                    pair(in, b * bs, bs, m0, m1, codes, idxA, idxB, out2);
                }
                long p1 = System.nanoTime();
                for (long b = 0; b < n / bs; b++) { float m = Vec.absmaxBf16(in, b * bs, bs, spare); keys.block(in, b * bs, bs, m, w, out); }
                long p2 = System.nanoTime();
                System.out.printf("pair %.2f single %.2f same=%b%n", (p1-p0)/1e6, (p2-p1)/1e6, out.mismatch(out2) == -1);
                if (true) continue;
            }
            for (int T : new int[]{4, 6, 8}) {
                out2.fill((byte) 0);
                com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                long al0 = tm.getCurrentThreadAllocatedBytes();
                long u0 = System.nanoTime();
                for (long b = 0; b < n / bs; b++) {
                    float m = Vec.absmaxBf16(in, b * bs, bs, spare);
                    byte[] tt = codes[Float.floatToRawIntBits(m) >>> 16 & 0x7f];
                    if (T == 4) vbmi4(in, b * bs, bs, m, tt, LOW, SIDE, out2);
                    else if (T == 6) vbmi6(in, b * bs, bs, m, tt, LOW, SIDE, out2);
                    else vbmi8(in, b * bs, bs, m, tt, LOW, SIDE, out2);
                }
                long u1 = System.nanoTime();
                System.out.printf("alloc %d MB ", (tm.getCurrentThreadAllocatedBytes() - al0) >> 20);
                for (long b = 0; b < n / bs; b++) { float m = Vec.absmaxBf16(in, b * bs, bs, spare); keys.block(in, b * bs, bs, m, w, out); }
                System.out.printf("vbmi%d %.2f ms same=%b ", T, (u1-u0)/1e6, out.mismatch(out2) == -1);
            }
            System.out.printf("scalar %.2f  gather %.2f  absmax-only %.2f ms  same=%b%n", (t1-t0)/1e6, (t2-t1)/1e6, (t3-t2)/1e6, out.asSlice(n/bs*4).mismatch(out2.asSlice(n/bs*4)) == -1);
        }
    }
    static final VectorSpecies<Byte> B = ByteVector.SPECIES_512;
    static final VectorSpecies<Short> S5 = ShortVector.SPECIES_512;
    static final ByteVector LOV;
    static { byte[] lo = new byte[64]; for (int j = 0; j < 64; j++) lo[j] = (byte) (2 * j); LOV = ByteVector.fromArray(B, lo, 0); }
    static void vbmi4(MemorySegment in, long start, int len, float m, byte[] t, int lowKey, int side, MemorySegment out) {
        int bits = Float.floatToRawIntBits(m) >>> 16; short ea = (short) ((bits >>> 7) & 0xff);
        int shift = (ea - 127) * 128 + lowKey;
        int top = 40 * 128;
        ByteVector a00 = ByteVector.fromArray(B, t, 0*side + top - 0*128), b00 = ByteVector.fromArray(B, t, 0*side + top - 0*128 + 64);
        ByteVector a01 = ByteVector.fromArray(B, t, 0*side + top - 1*128), b01 = ByteVector.fromArray(B, t, 0*side + top - 1*128 + 64);
        ByteVector a02 = ByteVector.fromArray(B, t, 0*side + top - 2*128), b02 = ByteVector.fromArray(B, t, 0*side + top - 2*128 + 64);
        ByteVector a03 = ByteVector.fromArray(B, t, 0*side + top - 3*128), b03 = ByteVector.fromArray(B, t, 0*side + top - 3*128 + 64);
        ByteVector a10 = ByteVector.fromArray(B, t, 1*side + top - 0*128), b10 = ByteVector.fromArray(B, t, 1*side + top - 0*128 + 64);
        ByteVector a11 = ByteVector.fromArray(B, t, 1*side + top - 1*128), b11 = ByteVector.fromArray(B, t, 1*side + top - 1*128 + 64);
        ByteVector a12 = ByteVector.fromArray(B, t, 1*side + top - 2*128), b12 = ByteVector.fromArray(B, t, 1*side + top - 2*128 + 64);
        ByteVector a13 = ByteVector.fromArray(B, t, 1*side + top - 3*128), b13 = ByteVector.fromArray(B, t, 1*side + top - 3*128 + 64);
        short c = (short) (0x7fff - (ea << 7 | 0x7f));
        for (int i = 0; i < len; i += 64) {
            ShortVector s0 = ShortVector.fromMemorySegment(S5, in, (start + i) << 1, Vec.LE), s1 = ShortVector.fromMemorySegment(S5, in, (start + i + 32) << 1, Vec.LE);
            ShortVector t0 = s0.lanewise(XOR, (short) 0x7fff).and((short) 0x7fff).sub(c).lanewise(LSHR, 7).min((short) 63).or(s0.lanewise(LSHR, 9).and((short) 64));
            ShortVector t1 = s1.lanewise(XOR, (short) 0x7fff).and((short) 0x7fff).sub(c).lanewise(LSHR, 7).min((short) 63).or(s1.lanewise(LSHR, 9).and((short) 64));
            ByteVector idx = LOV.selectFrom(s0.reinterpretAsBytes(), s1.reinterpretAsBytes());
            ByteVector tag = LOV.selectFrom(t0.reinterpretAsBytes(), t1.reinterpretAsBytes());
            ByteVector r = idx.selectFrom(a00, b00);
            r = r.blend(idx.selectFrom(a01, b01), tag.eq((byte) 1));
            r = r.blend(idx.selectFrom(a02, b02), tag.eq((byte) 2));
            r = r.blend(idx.selectFrom(a03, b03), tag.eq((byte) 3));
            r = r.blend(idx.selectFrom(a10, b10), tag.eq((byte) 64));
            r = r.blend(idx.selectFrom(a11, b11), tag.eq((byte) 65));
            r = r.blend(idx.selectFrom(a12, b12), tag.eq((byte) 66));
            r = r.blend(idx.selectFrom(a13, b13), tag.eq((byte) 67));
            r.intoMemorySegment(out, start + i, Vec.LE);
            long far = tag.and((byte) 63).compare(GE, (byte) 4).toLong();
            while (far != 0) {
                int j = Long.numberOfTrailingZeros(far); far &= far - 1;
                int x = in.get(ValueLayout.JAVA_SHORT_UNALIGNED, (start + i + j) << 1);
                int at = Math.max(0, (x & 0x7fff) - shift) + (x < 0 ? side : 0);
                out.set(ValueLayout.JAVA_BYTE, start + i + j, t[at]);
            }
        }
    }
    static void vbmi6(MemorySegment in, long start, int len, float m, byte[] t, int lowKey, int side, MemorySegment out) {
        int bits = Float.floatToRawIntBits(m) >>> 16; short ea = (short) ((bits >>> 7) & 0xff);
        int shift = (ea - 127) * 128 + lowKey;
        int top = 40 * 128;
        ByteVector a00 = ByteVector.fromArray(B, t, 0*side + top - 0*128), b00 = ByteVector.fromArray(B, t, 0*side + top - 0*128 + 64);
        ByteVector a01 = ByteVector.fromArray(B, t, 0*side + top - 1*128), b01 = ByteVector.fromArray(B, t, 0*side + top - 1*128 + 64);
        ByteVector a02 = ByteVector.fromArray(B, t, 0*side + top - 2*128), b02 = ByteVector.fromArray(B, t, 0*side + top - 2*128 + 64);
        ByteVector a03 = ByteVector.fromArray(B, t, 0*side + top - 3*128), b03 = ByteVector.fromArray(B, t, 0*side + top - 3*128 + 64);
        ByteVector a04 = ByteVector.fromArray(B, t, 0*side + top - 4*128), b04 = ByteVector.fromArray(B, t, 0*side + top - 4*128 + 64);
        ByteVector a05 = ByteVector.fromArray(B, t, 0*side + top - 5*128), b05 = ByteVector.fromArray(B, t, 0*side + top - 5*128 + 64);
        ByteVector a10 = ByteVector.fromArray(B, t, 1*side + top - 0*128), b10 = ByteVector.fromArray(B, t, 1*side + top - 0*128 + 64);
        ByteVector a11 = ByteVector.fromArray(B, t, 1*side + top - 1*128), b11 = ByteVector.fromArray(B, t, 1*side + top - 1*128 + 64);
        ByteVector a12 = ByteVector.fromArray(B, t, 1*side + top - 2*128), b12 = ByteVector.fromArray(B, t, 1*side + top - 2*128 + 64);
        ByteVector a13 = ByteVector.fromArray(B, t, 1*side + top - 3*128), b13 = ByteVector.fromArray(B, t, 1*side + top - 3*128 + 64);
        ByteVector a14 = ByteVector.fromArray(B, t, 1*side + top - 4*128), b14 = ByteVector.fromArray(B, t, 1*side + top - 4*128 + 64);
        ByteVector a15 = ByteVector.fromArray(B, t, 1*side + top - 5*128), b15 = ByteVector.fromArray(B, t, 1*side + top - 5*128 + 64);
        short c = (short) (0x7fff - (ea << 7 | 0x7f));
        for (int i = 0; i < len; i += 64) {
            ShortVector s0 = ShortVector.fromMemorySegment(S5, in, (start + i) << 1, Vec.LE), s1 = ShortVector.fromMemorySegment(S5, in, (start + i + 32) << 1, Vec.LE);
            ShortVector t0 = s0.lanewise(XOR, (short) 0x7fff).and((short) 0x7fff).sub(c).lanewise(LSHR, 7).min((short) 63).or(s0.lanewise(LSHR, 9).and((short) 64));
            ShortVector t1 = s1.lanewise(XOR, (short) 0x7fff).and((short) 0x7fff).sub(c).lanewise(LSHR, 7).min((short) 63).or(s1.lanewise(LSHR, 9).and((short) 64));
            ByteVector idx = LOV.selectFrom(s0.reinterpretAsBytes(), s1.reinterpretAsBytes());
            ByteVector tag = LOV.selectFrom(t0.reinterpretAsBytes(), t1.reinterpretAsBytes());
            ByteVector r = idx.selectFrom(a00, b00);
            r = r.blend(idx.selectFrom(a01, b01), tag.eq((byte) 1));
            r = r.blend(idx.selectFrom(a02, b02), tag.eq((byte) 2));
            r = r.blend(idx.selectFrom(a03, b03), tag.eq((byte) 3));
            r = r.blend(idx.selectFrom(a04, b04), tag.eq((byte) 4));
            r = r.blend(idx.selectFrom(a05, b05), tag.eq((byte) 5));
            r = r.blend(idx.selectFrom(a10, b10), tag.eq((byte) 64));
            r = r.blend(idx.selectFrom(a11, b11), tag.eq((byte) 65));
            r = r.blend(idx.selectFrom(a12, b12), tag.eq((byte) 66));
            r = r.blend(idx.selectFrom(a13, b13), tag.eq((byte) 67));
            r = r.blend(idx.selectFrom(a14, b14), tag.eq((byte) 68));
            r = r.blend(idx.selectFrom(a15, b15), tag.eq((byte) 69));
            r.intoMemorySegment(out, start + i, Vec.LE);
            long far = tag.and((byte) 63).compare(GE, (byte) 6).toLong();
            while (FAR && far != 0) {
                int j = Long.numberOfTrailingZeros(far); far &= far - 1;
                int x = in.get(ValueLayout.JAVA_SHORT_UNALIGNED, (start + i + j) << 1);
                int at = Math.max(0, (x & 0x7fff) - shift) + (x < 0 ? side : 0);
                out.set(ValueLayout.JAVA_BYTE, start + i + j, t[at]);
            }
        }
    }
    static void vbmi8(MemorySegment in, long start, int len, float m, byte[] t, int lowKey, int side, MemorySegment out) {
        int bits = Float.floatToRawIntBits(m) >>> 16; short ea = (short) ((bits >>> 7) & 0xff);
        int shift = (ea - 127) * 128 + lowKey;
        int top = 40 * 128;
        ByteVector a00 = ByteVector.fromArray(B, t, 0*side + top - 0*128), b00 = ByteVector.fromArray(B, t, 0*side + top - 0*128 + 64);
        ByteVector a01 = ByteVector.fromArray(B, t, 0*side + top - 1*128), b01 = ByteVector.fromArray(B, t, 0*side + top - 1*128 + 64);
        ByteVector a02 = ByteVector.fromArray(B, t, 0*side + top - 2*128), b02 = ByteVector.fromArray(B, t, 0*side + top - 2*128 + 64);
        ByteVector a03 = ByteVector.fromArray(B, t, 0*side + top - 3*128), b03 = ByteVector.fromArray(B, t, 0*side + top - 3*128 + 64);
        ByteVector a04 = ByteVector.fromArray(B, t, 0*side + top - 4*128), b04 = ByteVector.fromArray(B, t, 0*side + top - 4*128 + 64);
        ByteVector a05 = ByteVector.fromArray(B, t, 0*side + top - 5*128), b05 = ByteVector.fromArray(B, t, 0*side + top - 5*128 + 64);
        ByteVector a06 = ByteVector.fromArray(B, t, 0*side + top - 6*128), b06 = ByteVector.fromArray(B, t, 0*side + top - 6*128 + 64);
        ByteVector a07 = ByteVector.fromArray(B, t, 0*side + top - 7*128), b07 = ByteVector.fromArray(B, t, 0*side + top - 7*128 + 64);
        ByteVector a10 = ByteVector.fromArray(B, t, 1*side + top - 0*128), b10 = ByteVector.fromArray(B, t, 1*side + top - 0*128 + 64);
        ByteVector a11 = ByteVector.fromArray(B, t, 1*side + top - 1*128), b11 = ByteVector.fromArray(B, t, 1*side + top - 1*128 + 64);
        ByteVector a12 = ByteVector.fromArray(B, t, 1*side + top - 2*128), b12 = ByteVector.fromArray(B, t, 1*side + top - 2*128 + 64);
        ByteVector a13 = ByteVector.fromArray(B, t, 1*side + top - 3*128), b13 = ByteVector.fromArray(B, t, 1*side + top - 3*128 + 64);
        ByteVector a14 = ByteVector.fromArray(B, t, 1*side + top - 4*128), b14 = ByteVector.fromArray(B, t, 1*side + top - 4*128 + 64);
        ByteVector a15 = ByteVector.fromArray(B, t, 1*side + top - 5*128), b15 = ByteVector.fromArray(B, t, 1*side + top - 5*128 + 64);
        ByteVector a16 = ByteVector.fromArray(B, t, 1*side + top - 6*128), b16 = ByteVector.fromArray(B, t, 1*side + top - 6*128 + 64);
        ByteVector a17 = ByteVector.fromArray(B, t, 1*side + top - 7*128), b17 = ByteVector.fromArray(B, t, 1*side + top - 7*128 + 64);
        short c = (short) (0x7fff - (ea << 7 | 0x7f));
        for (int i = 0; i < len; i += 64) {
            ShortVector s0 = ShortVector.fromMemorySegment(S5, in, (start + i) << 1, Vec.LE), s1 = ShortVector.fromMemorySegment(S5, in, (start + i + 32) << 1, Vec.LE);
            ShortVector t0 = s0.lanewise(XOR, (short) 0x7fff).and((short) 0x7fff).sub(c).lanewise(LSHR, 7).min((short) 63).or(s0.lanewise(LSHR, 9).and((short) 64));
            ShortVector t1 = s1.lanewise(XOR, (short) 0x7fff).and((short) 0x7fff).sub(c).lanewise(LSHR, 7).min((short) 63).or(s1.lanewise(LSHR, 9).and((short) 64));
            ByteVector idx = LOV.selectFrom(s0.reinterpretAsBytes(), s1.reinterpretAsBytes());
            ByteVector tag = LOV.selectFrom(t0.reinterpretAsBytes(), t1.reinterpretAsBytes());
            ByteVector r = idx.selectFrom(a00, b00);
            r = r.blend(idx.selectFrom(a01, b01), tag.eq((byte) 1));
            r = r.blend(idx.selectFrom(a02, b02), tag.eq((byte) 2));
            r = r.blend(idx.selectFrom(a03, b03), tag.eq((byte) 3));
            r = r.blend(idx.selectFrom(a04, b04), tag.eq((byte) 4));
            r = r.blend(idx.selectFrom(a05, b05), tag.eq((byte) 5));
            r = r.blend(idx.selectFrom(a06, b06), tag.eq((byte) 6));
            r = r.blend(idx.selectFrom(a07, b07), tag.eq((byte) 7));
            r = r.blend(idx.selectFrom(a10, b10), tag.eq((byte) 64));
            r = r.blend(idx.selectFrom(a11, b11), tag.eq((byte) 65));
            r = r.blend(idx.selectFrom(a12, b12), tag.eq((byte) 66));
            r = r.blend(idx.selectFrom(a13, b13), tag.eq((byte) 67));
            r = r.blend(idx.selectFrom(a14, b14), tag.eq((byte) 68));
            r = r.blend(idx.selectFrom(a15, b15), tag.eq((byte) 69));
            r = r.blend(idx.selectFrom(a16, b16), tag.eq((byte) 70));
            r = r.blend(idx.selectFrom(a17, b17), tag.eq((byte) 71));
            r.intoMemorySegment(out, start + i, Vec.LE);
            long far = tag.and((byte) 63).compare(GE, (byte) 8).toLong();
            while (far != 0) {
                int j = Long.numberOfTrailingZeros(far); far &= far - 1;
                int x = in.get(ValueLayout.JAVA_SHORT_UNALIGNED, (start + i + j) << 1);
                int at = Math.max(0, (x & 0x7fff) - shift) + (x < 0 ? side : 0);
                out.set(ValueLayout.JAVA_BYTE, start + i + j, t[at]);
            }
        }
    }
    static boolean FAR = Boolean.getBoolean("far");
    static final int LOW = 0x3f80 - 128 * 40, SIDE = 0x4000 - LOW;
    static void indices(MemorySegment in, long start, int len, float m, int[] index) {
        int bits = Float.floatToRawIntBits(m) >>> 16;
        short shift = (short) ((((bits >>> 7) & 0xff) - 127) * 128 + LOW);
        for (int i = 0; i < len; i += 16) {
            ShortVector x = ShortVector.fromMemorySegment(S, in, (start + i) << 1, Vec.LE);
            ShortVector at = x.and((short) 0x7fff).sub(shift).max((short) 0).add(x.lanewise(ASHR, 15).and((short) SIDE));
            at.reinterpretAsInts().intoArray(index, i >>> 1);
        }
    }
    static final ValueLayout.OfShort SH = ValueLayout.JAVA_SHORT_UNALIGNED;
    static void pair(MemorySegment in, long start, int len, float m0, float m1, byte[][] codes, int[] ia, int[] ib, MemorySegment out) {
        indices(in, start, len, m0, ia);
        indices(in, start + len, len, m1, ib);
        byte[] ta = codes[Float.floatToRawIntBits(m0) >>> 16 & 0x7f], tb = codes[Float.floatToRawIntBits(m1) >>> 16 & 0x7f];
        int mask = ta.length - 1;
        long oa = start, ob = start + len;
        for (int j = 0; j < len / 2; j++) {
            int pa = ia[j], pb = ib[j];
            out.set(SH, oa + 2L * j, (short) (ta[pa & mask] & 0xff | ta[(pa >>> 16) & mask] << 8));
            out.set(SH, ob + 2L * j, (short) (tb[pb & mask] & 0xff | tb[(pb >>> 16) & mask] << 8));
        }
    }
    static void gather(MemorySegment in, long start, int len, float m, int[][] packed, int[] idx, MemorySegment out) {
        int bits = Float.floatToRawIntBits(m) >>> 16, mu = bits & 0x7f;
        int shift = (((bits >>> 7) & 0xff) - 127) * 128 + LOW;
        int[] t = packed[mu];
        for (int i = 0; i < len; i += 16) {
            IntVector x = (IntVector) ShortVector.fromMemorySegment(S, in, (start + i) << 1, Vec.LE).convertShape(S2I, I, 0);
            IntVector at = x.and(0x7fff).sub(shift).max(0).add(x.lanewise(LSHR, 15).and(1).mul(SIDE));
            at.lanewise(LSHR, 2).intoArray(idx, 0);
            IntVector g = IntVector.fromArray(I, t, 0, idx, 0);
            g.lanewise(LSHR, at.and(3).lanewise(LSHL, 3)).convertShape(I2B, ByteVector.SPECIES_128, 0).reinterpretAsBytes()
                .intoMemorySegment(out, start + i, Vec.LE);
        }
    }
}
