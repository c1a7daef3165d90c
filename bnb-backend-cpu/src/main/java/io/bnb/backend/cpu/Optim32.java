package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.lang.foreign.MemorySegment;

/** 32-bit optimizer step (spec OPTIMIZERS.md §3, §4): chunks of float32 arrays through {@link OptimRules}. */
final class Optim32 {
    private Optim32() {}

    /** Elements per chunk; the trust-ratio sum is taken per chunk and added in chunk order (deterministic). */
    static final int CHUNK = 2048;

    /** Per thread, a chunk each: parameters, gradients, the two states and AdEMAMix's slow EMA (all written before read). */
    private static final ChunkScratch CHUNKS = new ChunkScratch(5, 0);

    static void update(Optimizer32bitStep s, boolean vector) {
        OptimizerKind kind = s.kind();
        Hyper h = s.hyper();
        long n = s.param().numel();
        DType t = s.param().dtype();
        MemorySegment p = CpuBackend.seg(s.param()), g = CpuBackend.seg(s.grad()), s1 = CpuBackend.seg(s.state1());
        MemorySegment s2 = s.state2() == null ? null : CpuBackend.seg(s.state2());
        StepConsts k0 = StepConsts.of(h, 1f);
        StepConsts k = k0;
        if (h.maxUnorm() > 0 && kind != OptimizerKind.ADEMAMIX) {
            double[] part = new double[(int) Shapes.blocks(n, CHUNK)];
            Parallel.forRange(n, CHUNK, 2L * CHUNK, (from, to) -> {
                float[] gb = CHUNKS.floats(1, CHUNK), mb = CHUNKS.floats(2, CHUNK), vb = s2 == null ? null : CHUNKS.floats(3, CHUNK);
                for (long c0 = from; c0 < to; c0 += CHUNK) {
                    int len = (int) Math.min(CHUNK, n - c0);
                    FloatLanes.read(g, t, c0, gb, 0, len);
                    FloatLanes.read(s1, DType.F32, c0, mb, 0, len);
                    if (s2 != null) FloatLanes.read(s2, DType.F32, c0, vb, 0, len);
                    part[(int) (c0 / CHUNK)] = OptimRules.unorm(kind, gb, mb, vb, 0, len, k0, false);
                }
            });
            double sum = 0;
            for (double d : part) sum += d;
            float u = (float) sum;
            CpuBackend.seg(s.unormVec()).setAtIndex(FloatLanes.F32, 0, u);
            if (kind != OptimizerKind.ADAGRAD) k = k.withScale(trustScale(kind, u, h));
        }
        StepConsts kk = k;
        Parallel.forRange(n, CHUNK, 2L * CHUNK, (from, to) -> {
            float[] pb = CHUNKS.floats(0, CHUNK), gb = CHUNKS.floats(1, CHUNK), mb = CHUNKS.floats(2, CHUNK);
            float[] vb = kind.states() == 2 ? CHUNKS.floats(3, CHUNK) : null;
            float[] m2 = kind == OptimizerKind.ADEMAMIX ? CHUNKS.floats(4, CHUNK) : null;
            for (long c0 = from; c0 < to; c0 += CHUNK) {
                int len = (int) Math.min(CHUNK, n - c0);
                FloatLanes.read(p, t, c0, pb, 0, len);
                FloatLanes.read(g, t, c0, gb, 0, len);
                FloatLanes.read(s1, DType.F32, c0, mb, 0, len);
                if (vb != null) FloatLanes.read(s2, DType.F32, c0, vb, 0, len);
                if (m2 != null) FloatLanes.read(s1, DType.F32, n + c0, m2, 0, len);
                apply(kind, pb, gb, mb, m2, vb, len, kk, false, vector);
                FloatLanes.write(p, t, c0, pb, 0, len);
                FloatLanes.write(s1, DType.F32, c0, mb, 0, len);
                if (vb != null) FloatLanes.write(s2, DType.F32, c0, vb, 0, len);
                if (m2 != null) FloatLanes.write(s1, DType.F32, n + c0, m2, 0, len);
            }
        });
    }

    /** Trust-ratio scale from the squared update norm (spec §4; 1-state kinds add eps to the limit). */
    static float trustScale(OptimizerKind kind, float unorm, Hyper h) {
        float norm = (float) Math.sqrt(unorm);
        float limit = h.maxUnorm() * h.paramNorm();
        if (kind.states() == 1) limit = limit + h.eps();
        return norm > limit ? limit / norm : 1f;
    }

    /** Runs the rule of {@code kind} on one chunk; {@code state1} is m (or v for RMSprop/Adagrad). */
    static void apply(OptimizerKind kind, float[] p, float[] g, float[] state1, float[] m2, float[] state2, int len,
                      StepConsts k, boolean eight, boolean vector) {
        if (vector) {
            switch (kind) {
                case ADAM, LAMB -> OptimRulesVec.adam(p, g, state1, state2, len, k, eight);
                case ADEMAMIX -> OptimRulesVec.ademamix(p, g, state1, m2, state2, len, k, eight);
                case MOMENTUM, LARS -> OptimRulesVec.momentum(p, g, state1, len, k, eight);
                case RMSPROP -> OptimRulesVec.rmsprop(p, g, state1, len, k, eight);
                case ADAGRAD -> OptimRulesVec.adagrad(p, g, state1, len, k, eight);
                case LION -> OptimRulesVec.lion(p, g, state1, len, k, eight);
            }
        } else {
            switch (kind) {
                case ADAM, LAMB -> OptimRules.adam(p, g, state1, state2, 0, len, k, eight);
                case ADEMAMIX -> OptimRules.ademamix(p, g, state1, m2, state2, 0, len, k, eight);
                case MOMENTUM, LARS -> OptimRules.momentum(p, g, state1, 0, len, k, eight);
                case RMSPROP -> OptimRules.rmsprop(p, g, state1, 0, len, k, eight);
                case ADAGRAD -> OptimRules.adagrad(p, g, state1, 0, len, k, eight);
                case LION -> OptimRules.lion(p, g, state1, 0, len, k, eight);
            }
        }
    }
}
