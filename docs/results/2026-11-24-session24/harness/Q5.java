package io.bnb.backend.cpu;
import java.lang.foreign.*;
import java.lang.invoke.*;
import java.lang.reflect.*;
public class Q5 {
    public static void main(String[] a) throws Throwable {
        int n = 4096 * 4096, bs = 64, blocks = n / bs;
        Arena ar = Arena.ofShared();
        MemorySegment in = ar.allocate(2L * n, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
        Method sm = Nf4Bf16Keys.class.getDeclaredMethod("search", MemorySegment.class, long.class, int.class, int.class, short[].class, int[].class);
        Method tm = Nf4Bf16Keys.class.getDeclaredMethod("thresholds", float.class, short[].class, int.class);
        sm.setAccessible(true); tm.setAccessible(true);
        MethodHandle search = MethodHandles.lookup().unreflect(sm), thr = MethodHandles.lookup().unreflect(tm);
        Field wf = Nf4Bf16Keys.class.getDeclaredField("W"); wf.setAccessible(true); int W = wf.getInt(null), SET = 6 * W, g = 4096 / bs, steps = Integer.numberOfTrailingZeros(bs / W);
        short[] sets = new short[g * SET];
        for (int k = 0; k < g; k++) thr.invokeExact(3.5f + k * 0.01f, sets, k * SET);
        int[] packed = new int[4096 / 8];
        for (int rep = 0; rep < 12; rep++) {
            long t0 = System.nanoTime();
            for (long s = 0; s < n; s += 4096) search.invokeExact(in, s, 4096, steps, sets, packed);
            long t1 = System.nanoTime();
            for (int k = 0; k < blocks; k++) thr.invokeExact(3.5f + (k & 63) * 0.01f, sets, (k % g) * SET);
            long t2 = System.nanoTime();
            System.out.printf("W=%d search %.2f ms (%.2f cyc/elem)  thresholds %.2f ms%n", W, (t1 - t0) / 1e6, (t1 - t0) * 3.67 / n, (t2 - t1) / 1e6);
        }
    }
}
