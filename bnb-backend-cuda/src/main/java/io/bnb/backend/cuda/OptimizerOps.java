package io.bnb.backend.cuda;

import io.bnb.api.*;

import java.util.Arrays;

import static io.bnb.backend.cuda.CudaBackend.check;
import static io.bnb.backend.cuda.CudaBackend.code;
import static io.bnb.backend.cuda.CudaBackend.ptr;

/**
 * 32-bit and 8-bit blockwise optimizer steps and percentile clipping (arguments already
 * validated). The rules, including where this port deliberately differs from upstream (8-bit
 * AdEMAMix absmax layout, trust ratio in 8-bit, skipZeros everywhere, Lion's trust ratio), are
 * those of the CPU reference backend, bit for bit.
 */
final class OptimizerOps {
    private final CudaBackend b;

    OptimizerOps(CudaBackend b) { this.b = b; }

    /**
     * The per-step scalars, computed in float32 exactly as the reference computes them:
     * {lr, beta1, beta2, beta3, alpha, eps, wd, c1 = 1-beta1^t, c2 = sqrt(1-beta2^t), c2sq = 1-beta2^t,
     * stepSize = (-lr*c2)/c1, epsC2 = eps*c2, decay = 1-lr*wd, gnormScale, maxUnorm, paramNorm}.
     */
    static float[] hyper(Hyper h) {
        float c1 = 1f - (float) Math.pow(h.beta1(), h.step());
        float c2sq = 1f - (float) Math.pow(h.beta2(), h.step());
        float c2 = (float) Math.sqrt(c2sq);
        return new float[]{h.lr(), h.beta1(), h.beta2(), h.beta3(), h.alpha(), h.eps(), h.weightDecay(), c1, c2, c2sq,
                -h.lr() * c2 / c1, h.eps() * c2, 1f - h.lr() * h.weightDecay(), h.gnormScale(), h.maxUnorm(), h.paramNorm()};
    }

    void update32(Optimizer32bitStep s) {
        Hyper h = s.hyper();
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

    /** Records the squared norm on the device, then derives the clip from the 100-slot ring on the host. */
    ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile) {
        check(CudaNative.bnb_gnorm_record(b.ctx, code(grad.dtype()), ptr(grad), grad.numel(), ptr(gnormVec), step));
        float[] v = b.downloadFloats(gnormVec);
        float current = (float) Math.sqrt(v[step % 100]);
        Arrays.sort(v);
        float clip = (float) Math.sqrt(v[percentile]);
        return new ClipResult(current, clip, current > clip ? clip / current : 1f);
    }
}
