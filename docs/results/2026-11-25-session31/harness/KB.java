package io.bnb.backend.cpu;

import java.lang.foreign.*;

/** One thread, L2-resident input: cycles per element of Blockwise8Bf16Keys.block against blockOctaves. */
public class KB {
    public static void main(String[] a) {
        NearestCode search = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
        Blockwise8Bf16Keys keys = search.bf16Keys();
        int bs = Integer.parseInt(a[0]), n = 1 << 17;
        MemorySegment in = Arena.global().allocate(2L * n, 64), out = Arena.global().allocate(n, 64), out2 = Arena.global().allocate(n, 64);
        java.util.Random r = new java.util.Random(3);
        float[] m = new float[n / bs];
        for (int b = 0; b < n / bs; b++) {
            int top = 0;
            for (int i = 0; i < bs; i++) {
                short x = Elements.bf16((float) r.nextGaussian());
                in.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * (b * bs + i), x);
                top = Math.max(top, x & 0x7fff);
            }
            m[b] = Float.intBitsToFloat(top << 16);
        }
        if (a.length > 1) { float mx = 0; for (float v : m) mx = Math.max(mx, v); java.util.Arrays.fill(m, mx); }
        Blockwise8Bf16Keys.Scratch w = new Blockwise8Bf16Keys.Scratch();
        for (int rep = 0; rep < 6; rep++) {
            for (int v = 0; v < 2; v++) {
                long best = Long.MAX_VALUE;
                for (int it = 0; it < 200; it++) {
                    long t0 = System.nanoTime();
                    for (int b = 0; b < n / bs; b++)
                        if (v == 0) keys.block(in, (long) b * bs, bs, m[b], w, out);
                        else keys.blockOctaves(in, (long) b * bs, bs, m[b], w, out2);
                    best = Math.min(best, System.nanoTime() - t0);
                }
                System.out.printf("%s %.2f c/e%n", v == 0 ? "block  " : "octaves", best * 3.65 / n);
            }
            System.out.println("same: " + (out.mismatch(out2) == -1));
        }
    }
}
