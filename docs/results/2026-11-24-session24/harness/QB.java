package io.bnb.backend.cpu;
import java.lang.foreign.*;
import java.lang.invoke.*;
import java.lang.reflect.*;
public class QB {
    public static void main(String[] a) throws Throwable {
        int n = 16 << 20, P = CodeTableVec.PIECE;
        Arena ar = Arena.ofShared();
        MemorySegment in = ar.allocate(4L * n, 64), out = ar.allocate(n, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian());
        var look = MethodHandles.privateLookupIn(CodeTableVec.class, MethodHandles.lookup());
        Method ms = CodeTableVec.class.getDeclaredMethod("scaledF32", MemorySegment.class, long.class, int.class, float.class, long[].class);
        Method ml = CodeTableVec.class.getDeclaredMethod("lookup", int[].class, int.class, CodeTableVec.Scratch.class);
        Method mt = CodeTableVec.class.getDeclaredMethod("store", CodeTableVec.Scratch.class, int.class, MemorySegment.class, long.class);
        for (Method m : new Method[]{ms, ml, mt}) m.setAccessible(true);
        MethodHandle hs = look.unreflect(ms), hl = look.unreflect(ml), ht = look.unreflect(mt);
        NearestCode search = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
        int[] table = search.table;
        CodeTableVec.Scratch w = new CodeTableVec.Scratch();
        float s = 1f / 4.5f;
        for (int rep = 0; rep < 10; rep++) {
            long t0 = System.nanoTime();
            for (long p = 0; p < n; p += P) hs.invokeExact(in, p, P, s, w.bits);
            long t1 = System.nanoTime();
            for (long p = 0; p < n; p += P) hl.invokeExact(table, P, w);
            long t2 = System.nanoTime();
            for (long p = 0; p < n; p += P) ht.invokeExact(w, P, out, p);
            long t3 = System.nanoTime();
            float m = 0; for (long b = 0; b < n; b += 256) m += Vec.absmaxF32(in, b, 256);
            long t4 = System.nanoTime();
            for (long p = 0; p < n; p += P) CodeTableVec.codes(table, in, io.bnb.api.DType.F32, p, P, s, w, out, p);
            long t5 = System.nanoTime();
            System.out.printf("cyc/value: scaled %.2f lookup %.2f select %.2f absmax %.2f | codes() %.2f %s%n", (t1-t0)*3.67/n, (t2-t1)*3.67/n, (t3-t2)*3.67/n, (t4-t3)*3.67/n, (t5-t4)*3.67/n, m > 0 ? "" : "!");
        }
    }
}
