package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;
public class GX2 {
    static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    static final VectorMask<Byte> ODD = VectorMask.fromLong(B32, 0xAAAAAAAAL);
    static int lookups(MemorySegment packed, int rows, int k, byte[] tables) {
        packed = Segments.nativeSegment(packed);
        ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
        IntVector acc = IntVector.zero(IntVector.SPECIES_256);
        for (int row = 0; row < rows; row++) {
            long f0 = (long) row * k;
            for (int kk = 0; kk < k; kk += 64) {
                ByteVector pk = ByteVector.fromMemorySegment(B32, packed, (f0 + kk) >>> 1, LE);
                ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th), ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
                acc = acc.lanewise(XOR, lh.lanewise(XOR, hh).lanewise(XOR, ll.lanewise(XOR, hl)).reinterpretAsInts());
            }
        }
        return acc.reduceLanes(XOR);
    }
    static int lookupsBlends(MemorySegment packed, int rows, int k, byte[] tables) {
        packed = Segments.nativeSegment(packed);
        ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
        VectorMask<Byte> odd = ODD;
        IntVector acc = IntVector.zero(IntVector.SPECIES_256);
        for (int row = 0; row < rows; row++) {
            long f0 = (long) row * k;
            for (int kk = 0; kk < k; kk += 64) {
                ByteVector pk = ByteVector.fromMemorySegment(B32, packed, (f0 + kk) >>> 1, LE);
                ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th), ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
                IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
                IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
                acc = acc.lanewise(XOR, weH.lanewise(XOR, woH).lanewise(XOR, weL.lanewise(XOR, woL)));
            }
        }
        return acc.reduceLanes(XOR);
    }
    static int shufOnly(MemorySegment packed, int rows, int k, byte[] tables) {
        // 128-bit species lookups: one vpshufb each, as a floor
        packed = Segments.nativeSegment(packed);
        VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
        ByteVector tl = ByteVector.fromArray(B16, tables, 0), th = ByteVector.fromArray(B16, tables, 32);
        IntVector acc = IntVector.zero(IntVector.SPECIES_128);
        for (int row = 0; row < rows; row++) {
            long f0 = (long) row * k;
            for (int kk = 0; kk < k; kk += 64) {
                ByteVector pk = ByteVector.fromMemorySegment(B16, packed, (f0 + kk) >>> 1, LE);
                ByteVector pk2 = ByteVector.fromMemorySegment(B16, packed, ((f0 + kk) >>> 1) + 16, LE);
                ByteVector a = pk.selectFrom(tl).lanewise(XOR, pk.selectFrom(th)), b = pk2.selectFrom(tl).lanewise(XOR, pk2.selectFrom(th));
                acc = acc.lanewise(XOR, a.lanewise(XOR, b).reinterpretAsInts());
            }
        }
        return acc.reduceLanes(XOR);
    }
    public static void main(String[] a) {
        int n = 4096, k = 4096, rows = 64;
        Arena ar = Arena.ofShared();
        MemorySegment packed = ar.allocate((long) n * k / 2, 64);
        java.util.Random r = new java.util.Random(1);
        for (long i = 0; i < (long) n * k / 2; i++) packed.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        byte[] tables = FourBitGemvBf16.tables(io.bnb.api.Codebooks.nf4());
        int sink = 0;
        for (int it = 0; it < 40; it++) {
            long t0 = System.nanoTime();
            for (int rep = 0; rep < n / rows; rep++) sink += lookups(packed, rows, k, tables);
            long t1 = System.nanoTime();
            for (int rep = 0; rep < n / rows; rep++) sink += lookupsBlends(packed, rows, k, tables);
            long t2 = System.nanoTime();
            for (int rep = 0; rep < n / rows; rep++) sink += shufOnly(packed, rows, k, tables);
            long t3 = System.nanoTime();
            double w = n * (double) k / 64 / 3.2; // cycles per 64 weights at 3.2 GHz: ns * 3.2
            if (it % 10 == 9) System.out.printf("cycles/64w: lookups %.1f  +blends %.1f  4x128-bit-shuf %.1f  (%d)%n", (t1 - t0) / w, (t2 - t1) / w, (t3 - t2) / w, sink & 1);
        }
    }
}
