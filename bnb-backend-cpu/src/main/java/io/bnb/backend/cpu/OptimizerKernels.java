package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * 32-bit and 8-bit blockwise optimizer updates (spec OPTIMIZERS.md) and the historical
 * percentile clipping (spec OPS.md §9). Arguments arrive validated by {@link io.bnb.spi.Checks}.
 *
 * <p>The rules are upstream's CUDA rules (§3, §5) in IEEE float32, with fused multiply-adds
 * exactly where the CUDA build contracts them ({@link OptimRules}): five recorded H100 steps
 * are reproduced bit for bit in every 32-bit state and every 8-bit block absmax. CUDA's
 * fast-math {@code powf}, division and square root are not reproducible in IEEE arithmetic, so
 * parameters (and the rare state code on a boundary) agree within TOLERANCES.md §6, not always
 * bitwise. Parameters of F16/BF16 are read as float32 and rounded once (round half to even)
 * when written back, as the spec's notation says. The vector and the scalar path give
 * identical bits. {@code OptimizerGoldenTest} shows all of this against the recorded run,
 * including the AdEMAMix layout difference below.
 *
 * <p>Where this backend deliberately differs from upstream:
 * <ul>
 *   <li><b>AdEMAMix 8-bit absmax layout:</b> m2's scales live at {@code absmax1[1][b]} (flat
 *       index {@code blocks + b}), as the state shape says. Upstream's CUDA/Triton kernels use
 *       flat index {@code floor((n + 256·b)/256)}, which for {@code n % 256 != 0} makes the last
 *       m1 block and the first m2 block share a slot and never writes {@code absmax1[1][blocks-1]}.</li>
 *   <li><b>LAMB and LARS 8-bit</b> (no upstream CUDA kernel) are the Adam resp. momentum 8-bit
 *       rules with the trust ratio of §4. More generally {@code maxUnorm > 0} applies the trust
 *       ratio in 8-bit as in 32-bit (upstream's 8-bit kernels ignore it), computed from the
 *       dequantized states; pass {@code maxUnorm = 0} for upstream's 8-bit behaviour.</li>
 *   <li><b>8-bit RMSprop/Adagrad</b> step with the scaled, weight-decayed gradient (the 32-bit
 *       rule); upstream's 8-bit kernels use the raw gradient in the numerator.</li>
 *   <li><b>skipZeros</b> leaves every element whose raw gradient is exactly 0 untouched (state and
 *       parameter), for every rule and both widths; in 8-bit the skipped element keeps its
 *       dequantized value, requantized with the new block absmax. Upstream ignores it for
 *       AdEMAMix and 8-bit two-state kernels, leaves skipped 8-bit states undefined, and in 32-bit
 *       one-state kernels tests the gradient after adding the L2 decay term.</li>
 *   <li><b>Trust ratio of Lion</b> sums the squares of the sign step it is about to take, before
 *       the update; upstream's kernel sums an unsquared EMA after the update. AdEMAMix never uses
 *       the trust ratio (as upstream) and leaves {@code unormVec} untouched; Adagrad records the
 *       norm but is not scaled (as upstream). The squared norm is summed in double per fixed
 *       chunk, in chunk order, so it does not depend on the thread count.</li>
 *   <li>Non-finite gradients: the 8-bit two-state rules reset that element's states to 0 and
 *       leave its parameter (as CUDA); one-state and 32-bit rules propagate them (as CUDA).</li>
 * </ul>
 */
final class OptimizerKernels {
    private OptimizerKernels() {}

    static void update32bit(Optimizer32bitStep s) { Optim32.update(s, FloatLanes.VECTOR); }

    static void update8bitBlockwise(Optimizer8bitStep s) { Optim8.update(s, FloatLanes.VECTOR); }

    /** A gradient chunk as floats, per thread (written before read). */
    private static final ChunkScratch CHUNK = new ChunkScratch(1, 0);

    /**
     * Records {@code Σ g²} in the 100-slot ring {@code gnormVec} (all slots at step 1, slot
     * {@code step % 100} otherwise) and derives the clip: current norm {@code sqrt(slot)}, clip
     * value {@code sqrt(sorted[percentile])}, scale {@code clip/current} if the current norm is
     * larger, else 1. The sum is taken in double (upstream: float atomics) and stored as float.
     */
    static ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile) {
        MemorySegment g = CpuBackend.seg(grad), vec = CpuBackend.seg(gnormVec);
        DType t = grad.dtype();
        long n = grad.numel();
        int chunk = 4096;
        double[] part = new double[(int) Shapes.blocks(n, chunk)];
        boolean vector = FloatLanes.VECTOR;
        Parallel.forRange(n, chunk, 4L * chunk, (from, to) -> {
            float[] x = CHUNK.floats(0, chunk);
            for (long c0 = from; c0 < to; c0 += chunk) {
                int len = (int) Math.min(chunk, n - c0);
                FloatLanes.read(g, t, c0, x, 0, len);
                double s = 0;
                if (vector) s = BlockMathVec.sumSquares(x, len);
                else for (int i = 0; i < len; i++) s += (double) x[i] * x[i];
                part[(int) (c0 / chunk)] = s;
            }
        });
        double sum = 0;
        for (double d : part) sum += d;
        float norm2 = (float) sum;
        int slot = step % 100;
        if (step == 1) for (int i = 0; i < 100; i++) vec.setAtIndex(FloatLanes.F32, i, norm2);
        else vec.setAtIndex(FloatLanes.F32, slot, norm2);
        float[] v = HostArrays.toFloats(vec, DType.F32);
        float current = (float) Math.sqrt(v[slot]);
        Arrays.sort(v);
        float clip = (float) Math.sqrt(v[percentile]);
        return new ClipResult(current, clip, current > clip ? clip / current : 1f);
    }
}
