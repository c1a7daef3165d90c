package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class QBW {
    public static void main(String[] a) throws Throwable {
        int n = 16 << 20, bs = Integer.parseInt(a[0]);
        Arena ar = Arena.ofShared();
        MemorySegment in = ar.allocate(4L * n, 64), out = ar.allocate(n, 64), out2 = ar.allocate(n, 64), am = ar.allocate(4L * n / bs, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian());
        NearestCode search = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
        SegProto p = new SegProto(search.next); if (!p.build()) throw new Error(p.why);
        SegVec sv = new SegVec(p); SegVec.W sw = new SegVec.W();
        CodeTableVec.Scratch w = new CodeTableVec.Scratch();
        MemorySegment big = ar.allocate(256L << 20, 64);
        for (int rep = 0; rep < 8; rep++) {
            big.fill((byte) rep); // evict caches
            long t0 = System.nanoTime();
            for (long blk = 0; blk < n / bs; blk++) {
                long start = blk * bs;
                float m = Vec.absmaxF32(in, start, bs);
                am.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, blk, m);
                CodeTableVec.codes(search.table, in, io.bnb.api.DType.F32, start, bs, 1f / m, w, out, start);
            }
            long t1 = System.nanoTime();
            big.fill((byte) rep);
            long t2 = System.nanoTime();
            for (long blk = 0; blk < n / bs; blk++) {
                long start = blk * bs;
                float m = Vec.absmaxF32(in, start, bs);
                am.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, blk, m);
                for (int q = 0; q < bs; q += 512) sv.codes(in, start + q, Math.min(512, bs - q), 1f / m, sw, out2, start + q);
            }
            long t3 = System.nanoTime();
            System.out.printf("bs %d: table %.2f seg %.2f cyc/value (one thread, incl. absmax)%n", bs, (t1-t0)*3.67/n, (t3-t2)*3.67/n);
        }
        System.out.println("mismatch " + out.mismatch(out2));
    }
}
