package io.bnb.backend.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

/**
 * Lookups of a 256-entry table of 16-bit values by byte permutes, 64 indices at a time, where
 * AVX-512 VBMI makes a two-register byte permute one instruction ({@link CpuInfo#VBMI}) and 512-bit
 * vectors are native. The table is kept as two 256-byte planes (low bytes, high bytes); each plane
 * is read by two 128-entry permutes picked by the index's top bit, and the planes are interleaved
 * by two more permutes. A scalar lookup costs a load, a load and a store per element; this costs
 * about twelve vector instructions per 64 elements.
 */
final class Table16Vbmi {
    private Table16Vbmi() {}

    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_512;
    /** Bytes of a table: 256 low bytes, then 256 high bytes. */
    static final int BYTES = 512;

    /** Whether this path runs here; {@code -Dbnb.cpu.vbmi=false} turns it off. */
    static final boolean USABLE = CpuInfo.VBMI && ByteVector.SPECIES_PREFERRED.length() >= 64
            && Boolean.parseBoolean(System.getProperty("bnb.cpu.vbmi", "true"));

    /** Byte {@code j} of the interleaved output takes low byte {@code j/2} (even j) or high byte {@code j/2} (odd j), from 0 or 32. */
    private static final byte[] ZIP = new byte[128];

    static {
        for (int j = 0; j < 128; j++) ZIP[j] = (byte) ((j & 63) / 2 + (j & 1) * 64 + (j >= 64 ? 32 : 0));
    }

    /** The planes of a table whose 16-bit values are the high halves of {@code table}'s ints. */
    static void planesOfHighHalves(int[] table, byte[] planes) {
        for (int i = 0; i < 256; i += 16) {
            IntVector v = IntVector.fromArray(IntVector.SPECIES_512, table, i);
            v.lanewise(VectorOperators.LSHR, 16).convertShape(VectorOperators.I2B, ByteVector.SPECIES_128, 0).reinterpretAsBytes().intoArray(planes, i);
            v.lanewise(VectorOperators.LSHR, 24).convertShape(VectorOperators.I2B, ByteVector.SPECIES_128, 0).reinterpretAsBytes().intoArray(planes, 256 + i);
        }
    }

    /** The planes of a table of shorts. */
    static void planesOfShorts(short[] table, byte[] planes) {
        for (int i = 0; i < 256; i += 32) {
            ShortVector v = ShortVector.fromArray(ShortVector.SPECIES_512, table, i);
            v.convertShape(VectorOperators.S2B, ByteVector.SPECIES_256, 0).reinterpretAsBytes().intoArray(planes, i);
            v.lanewise(VectorOperators.LSHR, 8).convertShape(VectorOperators.S2B, ByteVector.SPECIES_256, 0).reinterpretAsBytes().intoArray(planes, 256 + i);
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
}
