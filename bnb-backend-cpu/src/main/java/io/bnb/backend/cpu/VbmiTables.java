package io.bnb.backend.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

/**
 * Lookups of 256-entry tables (of 16-bit values or of floats) by byte permutes, 64 indices at a
 * time, where AVX-512 VBMI makes a two-register byte permute one instruction and 512-bit vectors
 * are native ({@link #USABLE}). A table is kept as byte planes (low bytes, then higher ones, 256
 * each); each plane is read by two 128-entry permutes picked by the index's top bit, and the planes
 * are interleaved by two more permutes per pair. A scalar lookup costs two loads and a store per
 * element; this costs about twelve vector instructions per 64 elements for 16-bit values.
 */
final class VbmiTables {
    private VbmiTables() {}

    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_512;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
    /** Bytes of a table: 256 low bytes, then 256 high bytes. */
    static final int BYTES = 512;

    /**
     * Whether the kernels take this path: 512-bit vectors are native and the CPU has AVX-512 VBMI
     * ({@link CpuInfo#VBMI}), so a permute over one or two 64-byte registers is one instruction;
     * {@code -Dbnb.cpu.vbmi=false} turns it off.
     */
    static final boolean USABLE = CpuInfo.VBMI && ByteVector.SPECIES_PREFERRED.length() >= 64
            && Boolean.parseBoolean(System.getProperty("bnb.cpu.vbmi", "true"));

    /** Byte {@code j} of the interleaved output takes low byte {@code j/2} (even j) or high byte {@code j/2} (odd j), from 0 or 32. */
    private static final byte[] ZIP = new byte[128];

    /** The same for 16-bit lanes: lane {@code j} takes lane {@code j/2} of the first or second vector, from 0 or 16. */
    private static final short[] ZIP16 = new short[64];

    static {
        for (int j = 0; j < 128; j++) ZIP[j] = (byte) ((j & 63) / 2 + (j & 1) * 64 + (j >= 64 ? 32 : 0));
        for (int j = 0; j < 64; j++) ZIP16[j] = (short) ((j & 31) / 2 + (j & 1) * 32 + (j >= 32 ? 16 : 0));
    }

    /** The planes of a table whose 16-bit values are the high halves of {@code table}'s ints. */
    static void planesOfHighHalves(int[] table, byte[] planes) {
        for (int i = 0; i < 256; i += 16) {
            IntVector v = IntVector.fromArray(IntVector.SPECIES_512, table, i);
            ((ByteVector) v.lanewise(VectorOperators.LSHR, 16).convertShape(VectorOperators.I2B, ByteVector.SPECIES_128, 0)).intoArray(planes, i);
            ((ByteVector) v.lanewise(VectorOperators.LSHR, 24).convertShape(VectorOperators.I2B, ByteVector.SPECIES_128, 0)).intoArray(planes, 256 + i);
        }
    }

    /** The four byte planes of a table of 256 floats (their raw bits), byte 0 (lowest) first. */
    static byte[] planesOfFloats(float[] table) {
        byte[] planes = new byte[1024];
        for (int i = 0; i < 256; i += 16) {
            IntVector v = FloatVector.fromArray(FloatVector.SPECIES_512, table, i).reinterpretAsInts();
            for (int b = 0; b < 4; b++)
                ((ByteVector) v.lanewise(VectorOperators.LSHR, 8 * b).convertShape(VectorOperators.I2B, ByteVector.SPECIES_128, 0))
                        .intoArray(planes, 256 * b + i);
        }
        return planes;
    }

    /** The planes of a table of shorts. */
    static void planesOfShorts(short[] table, byte[] planes) {
        for (int i = 0; i < 256; i += 32) {
            ShortVector v = ShortVector.fromArray(ShortVector.SPECIES_512, table, i);
            ((ByteVector) v.convertShape(VectorOperators.S2B, ByteVector.SPECIES_256, 0)).intoArray(planes, i);
            ((ByteVector) v.lanewise(VectorOperators.LSHR, 8).convertShape(VectorOperators.S2B, ByteVector.SPECIES_256, 0)).intoArray(planes, 256 + i);
        }
    }

    /**
     * {@code out[outIndex + i] = table[idx byte off + i]} (16-bit elements) for whole groups of 64
     * of the first {@code len} indices; returns how many it wrote.
     */
    static int lookup(MemorySegment idx, long off, byte[] planes, MemorySegment out, long outIndex, int len) {
        idx = Segments.nativeSegment(idx);
        out = Segments.nativeSegment(out);
        ByteVector l0 = ByteVector.fromArray(B, planes, 0), l1 = ByteVector.fromArray(B, planes, 64);
        ByteVector l2 = ByteVector.fromArray(B, planes, 128), l3 = ByteVector.fromArray(B, planes, 192);
        ByteVector h0 = ByteVector.fromArray(B, planes, 256), h1 = ByteVector.fromArray(B, planes, 320);
        ByteVector h2 = ByteVector.fromArray(B, planes, 384), h3 = ByteVector.fromArray(B, planes, 448);
        ByteVector z0 = ByteVector.fromArray(B, ZIP, 0), z1 = ByteVector.fromArray(B, ZIP, 64);
        int i = 0;
        for (; i + 64 <= len; i += 64) {
            ByteVector q = ByteVector.fromMemorySegment(B, idx, off + i, Vec.LE);
            VectorMask<Byte> upper = q.lt((byte) 0); // index >= 128: the upper half of each plane
            ByteVector lo = q.selectFrom(l0, l1).blend(q.selectFrom(l2, l3), upper);
            ByteVector hi = q.selectFrom(h0, h1).blend(q.selectFrom(h2, h3), upper);
            long o = (outIndex + i) << 1;
            z0.selectFrom(lo, hi).intoMemorySegment(out, o, Vec.LE);
            z1.selectFrom(lo, hi).intoMemorySegment(out, o + 64, Vec.LE);
        }
        return i;
    }

    /**
     * {@code out[outOff + i] = table[idx byte off + i] * scale} for a table of floats in four
     * planes ({@link #planesOfFloats}), for whole groups of 64 of the first {@code len} indices;
     * returns how many it wrote. The product is the one the scalar loop computes.
     */
    static int lookupScaled(MemorySegment idx, long off, byte[] planes, float scale, float[] out, int outOff, int len) {
        idx = Segments.nativeSegment(idx);
        ByteVector a0 = ByteVector.fromArray(B, planes, 0), a1 = ByteVector.fromArray(B, planes, 64);
        ByteVector a2 = ByteVector.fromArray(B, planes, 128), a3 = ByteVector.fromArray(B, planes, 192);
        ByteVector b0 = ByteVector.fromArray(B, planes, 256), b1 = ByteVector.fromArray(B, planes, 320);
        ByteVector b2 = ByteVector.fromArray(B, planes, 384), b3 = ByteVector.fromArray(B, planes, 448);
        ByteVector c0 = ByteVector.fromArray(B, planes, 512), c1 = ByteVector.fromArray(B, planes, 576);
        ByteVector c2 = ByteVector.fromArray(B, planes, 640), c3 = ByteVector.fromArray(B, planes, 704);
        ByteVector d0 = ByteVector.fromArray(B, planes, 768), d1 = ByteVector.fromArray(B, planes, 832);
        ByteVector d2 = ByteVector.fromArray(B, planes, 896), d3 = ByteVector.fromArray(B, planes, 960);
        ByteVector z0 = ByteVector.fromArray(B, ZIP, 0), z1 = ByteVector.fromArray(B, ZIP, 64);
        ShortVector w0 = ShortVector.fromArray(S, ZIP16, 0), w1 = ShortVector.fromArray(S, ZIP16, 32);
        int i = 0;
        for (; i + 64 <= len; i += 64) {
            ByteVector q = ByteVector.fromMemorySegment(B, idx, off + i, Vec.LE);
            VectorMask<Byte> upper = q.lt((byte) 0);
            ByteVector p0 = q.selectFrom(a0, a1).blend(q.selectFrom(a2, a3), upper);
            ByteVector p1 = q.selectFrom(b0, b1).blend(q.selectFrom(b2, b3), upper);
            ByteVector p2 = q.selectFrom(c0, c1).blend(q.selectFrom(c2, c3), upper);
            ByteVector p3 = q.selectFrom(d0, d1).blend(q.selectFrom(d2, d3), upper);
            // bytes 0 and 1 of elements 0..31 and 32..63 as shorts, then bytes 2 and 3
            ShortVector lowA = z0.selectFrom(p0, p1).reinterpretAsShorts(), lowB = z1.selectFrom(p0, p1).reinterpretAsShorts();
            ShortVector highA = z0.selectFrom(p2, p3).reinterpretAsShorts(), highB = z1.selectFrom(p2, p3).reinterpretAsShorts();
            w0.selectFrom(lowA, highA).reinterpretAsFloats().mul(scale).intoArray(out, outOff + i);
            w1.selectFrom(lowA, highA).reinterpretAsFloats().mul(scale).intoArray(out, outOff + i + 16);
            w0.selectFrom(lowB, highB).reinterpretAsFloats().mul(scale).intoArray(out, outOff + i + 32);
            w1.selectFrom(lowB, highB).reinterpretAsFloats().mul(scale).intoArray(out, outOff + i + 48);
        }
        return i;
    }

    /**
     * {@code out[off + i] = idx[i] + (y[i] > table[idx[i]] ? 1 : 0)} for a table of floats in four
     * planes ({@link #planesOfFloats}), over the first {@code len} (a multiple of 64) indices: the last
     * step of {@link SegmentCodes}. The four compares of a group become one 64-bit mask.
     */
    static void countAbove(byte[] idx, float[] y, byte[] planes, int len, MemorySegment out, long off) {
        out = Segments.nativeSegment(out);
        ByteVector a0 = ByteVector.fromArray(B, planes, 0), a1 = ByteVector.fromArray(B, planes, 64);
        ByteVector a2 = ByteVector.fromArray(B, planes, 128), a3 = ByteVector.fromArray(B, planes, 192);
        ByteVector b0 = ByteVector.fromArray(B, planes, 256), b1 = ByteVector.fromArray(B, planes, 320);
        ByteVector b2 = ByteVector.fromArray(B, planes, 384), b3 = ByteVector.fromArray(B, planes, 448);
        ByteVector c0 = ByteVector.fromArray(B, planes, 512), c1 = ByteVector.fromArray(B, planes, 576);
        ByteVector c2 = ByteVector.fromArray(B, planes, 640), c3 = ByteVector.fromArray(B, planes, 704);
        ByteVector d0 = ByteVector.fromArray(B, planes, 768), d1 = ByteVector.fromArray(B, planes, 832);
        ByteVector d2 = ByteVector.fromArray(B, planes, 896), d3 = ByteVector.fromArray(B, planes, 960);
        ByteVector z0 = ByteVector.fromArray(B, ZIP, 0), z1 = ByteVector.fromArray(B, ZIP, 64);
        ShortVector w0 = ShortVector.fromArray(S, ZIP16, 0), w1 = ShortVector.fromArray(S, ZIP16, 32);
        for (int i = 0; i < len; i += 64) {
            ByteVector q = ByteVector.fromArray(B, idx, i);
            VectorMask<Byte> upper = q.lt((byte) 0);
            ByteVector p0 = q.selectFrom(a0, a1).blend(q.selectFrom(a2, a3), upper);
            ByteVector p1 = q.selectFrom(b0, b1).blend(q.selectFrom(b2, b3), upper);
            ByteVector p2 = q.selectFrom(c0, c1).blend(q.selectFrom(c2, c3), upper);
            ByteVector p3 = q.selectFrom(d0, d1).blend(q.selectFrom(d2, d3), upper);
            ShortVector lowA = z0.selectFrom(p0, p1).reinterpretAsShorts(), lowB = z1.selectFrom(p0, p1).reinterpretAsShorts();
            ShortVector highA = z0.selectFrom(p2, p3).reinterpretAsShorts(), highB = z1.selectFrom(p2, p3).reinterpretAsShorts();
            long m0 = FloatVector.fromArray(F16, y, i).compare(VectorOperators.GT, w0.selectFrom(lowA, highA).reinterpretAsFloats()).toLong();
            long m1 = FloatVector.fromArray(F16, y, i + 16).compare(VectorOperators.GT, w1.selectFrom(lowA, highA).reinterpretAsFloats()).toLong();
            long m2 = FloatVector.fromArray(F16, y, i + 32).compare(VectorOperators.GT, w0.selectFrom(lowB, highB).reinterpretAsFloats()).toLong();
            long m3 = FloatVector.fromArray(F16, y, i + 48).compare(VectorOperators.GT, w1.selectFrom(lowB, highB).reinterpretAsFloats()).toLong();
            q.add((byte) 1, VectorMask.fromLong(B, m0 | m1 << 16 | m2 << 32 | m3 << 48)).intoMemorySegment(out, off + i, Vec.LE);
        }
    }

    private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
}
