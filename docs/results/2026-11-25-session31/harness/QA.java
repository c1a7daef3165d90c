package io.bnb.backend.cpu;

import java.lang.foreign.*;

/** codesOfQuotients on one block of 256, with the input array placed at different distances from the scratch. */
public class QA {
    public static void main(String[] a) {
        StateCodes c = StateCodes.of(io.bnb.api.Codebooks.dynamicSigned(), true);
        MemorySegment out = Arena.global().allocate(1 << 16, 64);
        java.util.Random r = new java.util.Random(1);
        float[] src = new float[256];
        for (int i = 0; i < 256; i++) src[i] = (float) r.nextGaussian();
        float amax = 0; for (float v : src) amax = Math.max(amax, Math.abs(v));
        // warm up
        CodeTableVec.Scratch w0 = new CodeTableVec.Scratch();
        for (int i = 0; i < 200000; i++) c.quantizeBlockInto(src, amax, 256, w0, out, (i & 255) * 256L);
        for (int pad = 0; pad <= 4096; pad += 128) {
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                CodeTableVec.Scratch w = new CodeTableVec.Scratch();
                byte[] gap = new byte[pad];
                float[] x = src.clone();
                long t0 = System.nanoTime();
                for (int i = 0; i < 20000; i++) c.quantizeBlockInto(x, amax, 256, w, out, (i & 255) * 256L);
                best = Math.min(best, System.nanoTime() - t0);
                if (gap.length == -1) System.out.println();
            }
            System.out.printf("pad %4d: %.2f cycles/elem%n", pad, best * 3.65 / (20000.0 * 256));
        }
    }
}
