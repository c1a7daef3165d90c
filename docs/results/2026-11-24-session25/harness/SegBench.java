package io.bnb.backend.cpu;
import java.lang.foreign.*;
public class SegBench {
    public static void main(String[] a) throws Throwable {
        SegProto.DEBUG = false;
        int n = 16 << 20, P = 512;
        Arena ar = Arena.ofShared();
        MemorySegment in = ar.allocate(4L * n, 64), out = ar.allocate(n, 64), out2 = ar.allocate(n, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian());
        NearestCode search = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
        SegProto p = new SegProto(search.next); if (!p.build()) throw new Error(p.why);
        SegVec sv = new SegVec(p); SegVec.W sw = new SegVec.W();
        CodeTableVec.Scratch w = new CodeTableVec.Scratch();
        float s = 1f / 4.5f;
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 8; rep++) { long al = mx.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (long q = 0; q < n; q += P) CodeTableVec.codes(search.table, in, io.bnb.api.DType.F32, q, P, s, w, out, q);
            long t1 = System.nanoTime();
            for (long q = 0; q < n; q += P) sv.codes(in, q, P, s, sw, out2, q);
            long t2 = System.nanoTime();
            // L1-resident: same piece
            for (long q = 0; q < n; q += P) CodeTableVec.codes(search.table, in, io.bnb.api.DType.F32, 0, P, s, w, out, 0);
            long t3 = System.nanoTime();
            for (long q = 0; q < n; q += P) sv.codes(in, 0, P, s, sw, out2, 0);
            long t4 = System.nanoTime();
            SegVec.MODE = 1; long u0 = System.nanoTime(); for (long q = 0; q < n; q += P) sv.codes(in, 0, P, s, sw, out2, 0); SegVec.MODE = 2; long u1 = System.nanoTime(); for (long q = 0; q < n; q += P) sv.codes(in, 0, P, s, sw, out2, 0); long u2 = System.nanoTime(); SegVec.MODE = 0;
            System.out.printf("pass1 %.2f pass2 %.2f | ", (u1-u0)*3.67/n, (u2-u1)*3.67/n);
            System.out.printf("alloc %d | ", mx.getCurrentThreadAllocatedBytes() - al);
            System.out.printf("stream: table %.2f seg %.2f | L1: table %.2f seg %.2f cyc/value%n", (t1-t0)*3.67/n, (t2-t1)*3.67/n, (t3-t2)*3.67/n, (t4-t3)*3.67/n);
        }
        for (long q = 0; q < n; q += P) { CodeTableVec.codes(search.table, in, io.bnb.api.DType.F32, q, P, s, w, out, q); sv.codes(in, q, P, s, sw, out2, q); }
        System.out.println("mismatch at " + out.mismatch(out2));
    }
}
