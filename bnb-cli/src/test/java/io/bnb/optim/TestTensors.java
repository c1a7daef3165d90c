package io.bnb.optim;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small helpers for optimizer tests on the CPU backend. */
final class TestTensors {
    private TestTensors() {}

    static final Backend CPU = Bnb.backend("cpu");

    static float[] randn(long seed, int n, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (std * r.nextGaussian());
        return a;
    }

    static Tensor upload(float[] v) { return CPU.upload(v, v.length); }

    static void fill(Tensor dst, float[] v) {
        try (Tensor t = CPU.upload(v, dst.dtype(), dst.shape())) {
            CPU.copyDevice(t, dst);
        }
    }

    static byte[] bytes(Tensor t) { return CPU.downloadBytes(t); }

    /** Every state tensor's bytes plus the step counters, for "nothing changed" assertions. */
    static List<Object> snapshot(Optimizer opt) {
        List<Object> out = new ArrayList<>();
        for (Tensor p : opt.parameters()) {
            out.add(java.util.HexFormat.of().formatHex(bytes(p)));
            var st = opt.state(p);
            if (st.isEmpty()) { out.add("no state"); continue; }
            out.add(st.get().step());
            for (var e : st.get().tensors().entrySet()) out.add(e.getKey() + "=" + java.util.HexFormat.of().formatHex(bytes(e.getValue())));
        }
        return out;
    }

    static Tensor zeros(DType d, long... shape) { return CPU.allocate(d, shape); }
}
