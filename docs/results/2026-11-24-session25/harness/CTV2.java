package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import static io.bnb.backend.cpu.Vec.F;
import static io.bnb.backend.cpu.Vec.LANES;
final class CTV2 {
    static final VectorSpecies<Long> L = LongVector.SPECIES_256;
    static final class W { final long[] b1 = new long[128], b2 = new long[128], e1 = new long[128], e2 = new long[128]; }
    static void pair(int[] t1, float[] x1, float d1, MemorySegment o1, int[] t2, float[] x2, float d2, MemorySegment o2, long off, int len, W w, boolean fma) {
        o1 = Segments.nativeSegment(o1); o2 = Segments.nativeSegment(o2);
        long[] b1 = w.b1, b2 = w.b2, e1 = w.e1, e2 = w.e2;
        if (fma) {
            float r1 = 1f / d1, n1 = -d1, r2 = 1f / d2, n2 = -d2;
            for (int i = 0; i < len; i += LANES) {
                FloatVector v = FloatVector.fromArray(F, x1, i), q = v.mul(r1);
                q.lanewise(VectorOperators.FMA, n1, v).lanewise(VectorOperators.FMA, r1, q).reinterpretAsLongs().intoArray(b1, i >> 1);
                FloatVector u = FloatVector.fromArray(F, x2, i), p = u.mul(r2);
                p.lanewise(VectorOperators.FMA, n2, u).lanewise(VectorOperators.FMA, r2, p).reinterpretAsLongs().intoArray(b2, i >> 1);
            }
        } else {
            for (int i = 0; i < len; i += LANES) {
                FloatVector.fromArray(F, x1, i).div(d1).reinterpretAsLongs().intoArray(b1, i >> 1);
                FloatVector.fromArray(F, x2, i).div(d2).reinterpretAsLongs().intoArray(b2, i >> 1);
            }
        }
        int mask = 0xffff;
        for (int j = 0; j < len >> 1; j++) {
            long b = b1[j], c = b2[j];
            int lo = t1[((int) b >>> 16) & mask], hi = t1[(int) (b >>> 48) & mask];
            int lo2 = t2[((int) c >>> 16) & mask], hi2 = t2[(int) (c >>> 48) & mask];
            e1[j] = lo & 0xffffffffL | (long) hi << 32;
            e2[j] = lo2 & 0xffffffffL | (long) hi2 << 32;
        }
        for (int i = 0; i < len; i += LANES) {
            sel(b1, e1, i >> 1).intoMemorySegment(o1, off + i, Vec.LE);
            sel(b2, e2, i >> 1).intoMemorySegment(o2, off + i, Vec.LE);
        }
    }
    private static ByteVector sel(long[] bits, long[] e, int j) {
        IntVector b = LongVector.fromArray(L, bits, j).reinterpretAsInts(), en = LongVector.fromArray(L, e, j).reinterpretAsInts();
        IntVector lo = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31)).and(0xffff);
        VectorMask<Integer> up = lo.compare(VectorOperators.GT, en.lanewise(VectorOperators.LSHR, 16));
        return en.blend(en.lanewise(VectorOperators.LSHR, 8), up).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes();
    }
}
