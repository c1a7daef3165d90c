package io.bnb.backend.cuda;

import io.bnb.api.*;

import java.util.IdentityHashMap;
import java.util.Map;

import static io.bnb.backend.cuda.CudaBackend.check;
import static io.bnb.backend.cuda.CudaBackend.code;
import static io.bnb.backend.cuda.CudaBackend.ptr;

/** 32-bit and 8-bit blockwise optimizer steps (arguments already validated). */
final class OptimizerOps {
    private final CudaBackend b;

    OptimizerOps(CudaBackend b) { this.b = b; }

    /**
     * The scalars the kernels take: {lr, beta1, beta2, beta3, alpha, eps, wd, 1-beta1^t, 1-beta2^t,
     * sqrt(1-beta2^t), gnormScale, maxUnorm, paramNorm}. Bias corrections are computed here once,
     * in float32 from a double power, as the Java reference does.
     */
    static float[] hyper(Hyper h) {
        float bc1 = 1f - (float) Math.pow(h.beta1(), h.step());
        float bc2 = 1f - (float) Math.pow(h.beta2(), h.step());
        float c2 = (float) Math.sqrt(bc2);
        return new float[]{h.lr(), h.beta1(), h.beta2(), h.beta3(), h.alpha(), h.eps(), h.weightDecay(), bc1, bc2, c2,
                h.gnormScale(), h.maxUnorm(), h.paramNorm()};
    }

    void update32(Optimizer32bitStep s) {
        Hyper h = s.hyper();
        if (s.kind() == OptimizerKind.LION && h.maxUnorm() > 0) {
            // upstream's Lion trust ratio is defective (OPTIMIZERS.md 4); the host reference decides
            onHost(s.grad(), s.param(), s.state1(), s.state2(), s.unormVec(), cpu -> cpu.cpu.optimizerUpdate32bit(
                    new Optimizer32bitStep(s.kind(), cpu.t(s.grad()), cpu.t(s.param()), cpu.t(s.state1()), cpu.t(s.state2()),
                            cpu.t(s.unormVec()), h)));
            return;
        }
        check(CudaNative.bnb_optimizer_32bit(b.ctx, code(s.param().dtype()), s.kind().ordinal(), ptr(s.grad()), ptr(s.param()),
                ptr(s.state1()), ptr(s.state2()), h.maxUnorm() > 0 ? ptr(s.unormVec()) : 0, s.param().numel(), hyper(h), h.step(),
                h.skipZeros() ? 1 : 0));
    }

    void update8(Optimizer8bitStep s) {
        Hyper h = s.hyper();
        check(CudaNative.bnb_optimizer_8bit(b.ctx, code(s.param().dtype()), s.kind().ordinal(), ptr(s.grad()), ptr(s.param()),
                ptr(s.state1()), ptr(s.state2()), ptr(s.qmap1()), ptr(s.qmap2()), ptr(s.absmax1()), ptr(s.absmax2()),
                s.param().numel(), hyper(h), h.step(), h.skipZeros() ? 1 : 0));
    }

    /** Host copies of device tensors for one call; written-back afterwards. */
    static final class HostCopies {
        final Backend cpu;
        final Map<Tensor, Tensor> map = new IdentityHashMap<>();

        HostCopies(Backend cpu) { this.cpu = cpu; }

        Tensor t(Tensor d) { return d == null ? null : map.get(d); }
    }

    private interface HostStep { void run(HostCopies cpu); }

    private void onHost(Tensor g, Tensor p, Tensor s1, Tensor s2, Tensor u, HostStep step) {
        HostCopies hc = new HostCopies(Bnb.host());
        try {
            for (Tensor d : new Tensor[]{g, p, s1, s2, u}) {
                if (d == null) continue;
                Tensor c = hc.cpu.allocate(d.dtype(), d.shape());
                b.download(d, c.hostSegment().orElseThrow());
                hc.map.put(d, c);
            }
            step.run(hc);
            for (var e : hc.map.entrySet()) b.copy(e.getValue(), e.getKey());
        } finally {
            for (Tensor c : hc.map.values()) c.close();
        }
    }
}
