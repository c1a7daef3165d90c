package io.bnb.backend.cpu;

import io.bnb.api.*;
import java.lang.foreign.*;

/** gemv through the public API against FourBitMatmul.compute on the same data, alternating, cached. */
public class GB {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]), k = 4096;
        Backend b = Bnb.backend("cpu");
        java.util.Random rnd = new java.util.Random(1);
        byte[] wb = new byte[n * k / 2]; rnd.nextBytes(wb);
        float[] am = new float[n * k / 64]; for (int i = 0; i < am.length; i++) am[i] = 0.01f + rnd.nextFloat() * 0.07f;
        float[] x = new float[k]; for (int i = 0; i < k; i++) x[i] = Elements.round((float) rnd.nextGaussian(), DType.BF16);
        Tensor packed = b.upload(wb, DType.U8, wb.length, 1);
        Tensor absmax = b.upload(am, am.length);
        Tensor row = b.upload(x, 1, k).viewAs(DType.F32, 1, k);
        Tensor rowB = b.allocate(DType.BF16, 1, 1, k);
        for (int i = 0; i < k; i++) Elements.put(CpuBackend.seg(rowB), DType.BF16, i, x[i]);
        Tensor code = b.upload(Codebooks.nf4(), 16);
        MemorySegment outSeg = Arena.global().allocate(2L * n, 64);
        float[] codeNf4 = Codebooks.nf4();
        FourBitMatmul.Scales sc = FourBitMatmul.Scales.plain(CpuBackend.seg(absmax));
        MemorySegment pseg = CpuBackend.seg(packed);
        for (int round = 0; round < 8; round++) {
            long bestApi = Long.MAX_VALUE, bestComp = Long.MAX_VALUE, bestAlloc = Long.MAX_VALUE;
            for (int r = 0; r < 20; r++) {
                long t0 = System.nanoTime();
                Tensor out = b.gemv4bit(rowB, packed, new long[]{n, k}, absmax, code, 64);
                b.synchronize();
                long t1 = System.nanoTime();
                out.close();
                long t2 = System.nanoTime();
                FourBitMatmul.compute(x, 1, k, pseg, n, 64, sc, codeNf4, DType.BF16, null, outSeg, FourBitMatmul.Mode.FAST);
                long t3 = System.nanoTime();
                Tensor o2 = b.allocate(DType.BF16, 1, n); long t4 = System.nanoTime(); o2.close();
                bestApi = Math.min(bestApi, t1 - t0); bestComp = Math.min(bestComp, t3 - t2); bestAlloc = Math.min(bestAlloc, t4 - t3);
            }
            if (round >= 3) System.out.printf("api %.0f us  compute %.0f us  allocate %.1f us%n", bestApi / 1e3, bestComp / 1e3, bestAlloc / 1e3);
        }
    }
}
