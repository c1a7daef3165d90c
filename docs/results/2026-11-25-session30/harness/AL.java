import io.bnb.api.*;
import java.util.Random;

/** Heap bytes allocated and time per call: 32-bit Adam (16 Mi), int8DoubleQuant F16 4096², gemm4bit M=16 NF4 BF16 4096². */
public class AL {
    interface Call { void run() throws Exception; }
    static com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    static long allocated() { long s = 0; for (long v : tm.getThreadAllocatedBytes(tm.getAllThreadIds())) s += Math.max(0, v); return s; }
    static void measure(String name, Call c) throws Exception {
        for (int rep = 0; rep < 4; rep++) {
            long[] t = new long[12];
            long a0 = allocated();
            for (int i = 0; i < t.length; i++) { long t0 = System.nanoTime(); c.run(); t[i] = System.nanoTime() - t0; }
            long a1 = allocated();
            java.util.Arrays.sort(t);
            System.out.printf("%-18s best %7.0f med %7.0f us, %8d B/call%n", name, t[0] / 1e3, t[6] / 1e3, (a1 - a0) / t.length);
        }
    }
    public static void main(String[] a) throws Exception {
        Backend b = Bnb.backend("cpu");
        Random r = new Random(1);
        int n = 16 << 20, k = 4096;
        float[] gv = new float[n], pv = new float[n];
        for (int i = 0; i < n; i++) { gv[i] = (float) r.nextGaussian() * 0.01f; pv[i] = (float) r.nextGaussian() * 0.02f; }
        Tensor g = b.upload(gv, n), p = b.upload(pv, n), s1 = b.allocate(DType.F32, n), s2 = b.allocate(DType.F32, n);
        Optimizer32bitStep st = new Optimizer32bitStep(OptimizerKind.ADAM, g, p, s1, s2, null, Hyper.adam(1e-4f));
        measure("adam32", () -> b.optimizerUpdate32bit(st));
        Tensor x = b.upload(gv, DType.F16, k, k);
        measure("int8DoubleQuant", () -> { try (Int8DoubleQuantized q = b.int8DoubleQuant(x, 0f)) {} });
        Tensor w = b.upload(pv, DType.BF16, k, k);
        try (Quantized q = b.quantize4bit(w, 64, QuantType.NF4, DType.U8)) {
            float[] xv = new float[16 * k]; for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
            Tensor rows = b.upload(xv, DType.BF16, 16, k), one = b.upload(xv, DType.BF16, 1, 1, k);
            measure("gemm4bit m16", () -> { try (Tensor o = b.gemm4bit(rows, q.data(), new long[]{k, k}, q.absmax(), 64, QuantType.NF4, null, null)) {} });
            measure("gemm4bit m1", () -> { try (Tensor o = b.gemm4bit(one, q.data(), new long[]{k, k}, q.absmax(), 64, QuantType.NF4, null, null)) {} });
        }
    }
}
