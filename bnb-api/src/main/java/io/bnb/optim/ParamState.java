package io.bnb.optim;

import io.bnb.api.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optimizer state of one parameter (upstream's {@code optimizer.state[p]}): the step counter
 * and the state tensors, allocated on the parameter's backend at its first step. 32-bit state is
 * F32 like the parameter; 8-bit state is U8 codes with F32 absmax per 256-element block, a signed
 * dynamic map for the first state and an unsigned one for the second. AdEMAMix's first state
 * holds both EMAs ({@code [2, *shape]}). The tensors returned by the getters are live: do not close
 * or resize them.
 */
public final class ParamState {
    /** Names of the state tensors, as in upstream's state dict. */
    public static final String STATE1 = "state1", STATE2 = "state2", QMAP1 = "qmap1", QMAP2 = "qmap2",
            ABSMAX1 = "absmax1", ABSMAX2 = "absmax2", UNORM_VEC = "unorm_vec", GNORM_VEC = "gnorm_vec";

    private final OptimizerKind kind;
    private final int bits;
    private final double maxUnorm;
    private final int percentile;
    private final Map<String, Tensor> tensors;
    /** Tensors shared with other parameters (the optimizer's quantization maps): not ours to count or close. */
    private final Set<String> shared;
    private int step;

    private ParamState(OptimizerKind kind, int bits, double maxUnorm, int percentile, Map<String, Tensor> tensors, Set<String> shared,
                       int step) {
        this.kind = kind;
        this.bits = bits;
        this.maxUnorm = maxUnorm;
        this.percentile = percentile;
        this.tensors = tensors;
        this.shared = shared;
        this.step = step;
    }

    /** Steps taken so far (upstream's {@code state["step"]}); the next update uses step + 1. */
    public int step() { return step; }

    /** 8 or 32. */
    public int bits() { return bits; }

    public Tensor state1() { return tensors.get(STATE1); }
    /** Null for one-state optimizers. */
    public Tensor state2() { return tensors.get(STATE2); }
    /** Null for 32-bit state. */
    public Tensor qmap1() { return tensors.get(QMAP1); }
    public Tensor qmap2() { return tensors.get(QMAP2); }
    public Tensor absmax1() { return tensors.get(ABSMAX1); }
    public Tensor absmax2() { return tensors.get(ABSMAX2); }
    /** Squared update norm of the last trust-ratio step; null unless maxUnorm > 0. */
    public Tensor unormVec() { return tensors.get(UNORM_VEC); }
    /** Ring buffer of squared gradient norms; null unless percentile clipping is on. */
    public Tensor gnormVec() { return tensors.get(GNORM_VEC); }

    /** True when the moment tensors are paged memory. */
    public boolean isPaged() { return state1().isPaged(); }

    /**
     * Bytes this parameter's state holds: moments (codes), absmax and the small vectors. The 8-bit
     * quantization maps are shared by all parameters of an optimizer and counted once by
     * {@link Optimizer#stateBytes()} instead.
     */
    public long byteSize() {
        long b = 0;
        for (var e : tensors.entrySet()) if (!shared.contains(e.getKey())) b += e.getValue().byteSize();
        return b;
    }

    /** The state tensors by upstream name, in a fixed order (live, unmodifiable). */
    public Map<String, Tensor> tensors() { return Collections.unmodifiableMap(tensors); }

    // ------------------------------------------------------------------ creation

    /** Bits the state of a parameter with {@code numel} elements gets under {@code s}. */
    static int bitsFor(long numel, OptimizerSettings s) {
        return s.optimBits() == 8 && numel >= s.min8bitSize() ? 8 : 32;
    }

    /** Zero state for {@code param} (upstream's {@code init_state}); 8-bit maps come from {@code maps}. */
    static ParamState create(Tensor param, OptimizerKind kind, OptimizerSettings s, SharedMaps maps) {
        Backend b = param.backend();
        long n = param.numel();
        int bits = bitsFor(n, s);
        Map<String, Tensor> t = new LinkedHashMap<>();
        Set<String> shared = Set.of(QMAP1, QMAP2);
        try {
            for (Spec spec : specs(param, kind, bits, s.maxUnorm() > 0, s.percentileClipping() < 100)) {
                Tensor x = switch (spec.name) {
                    case QMAP1 -> maps.signed(b);
                    case QMAP2 -> maps.unsigned(b);
                    default -> allocate(b, spec, s.paged() && n >= OptimizerSettings.PAGED_MIN_NUMEL);
                };
                t.put(spec.name, x);
            }
        } catch (RuntimeException | Error e) {
            closeAll(t, shared);
            throw e;
        }
        return new ParamState(kind, bits, s.maxUnorm(), s.percentileClipping(), t, shared, 0);
    }

    /** Zero-filled; absmax, maps and the small vectors are never paged (upstream). */
    private static Tensor allocate(Backend b, Spec spec, boolean paged) {
        return spec.paged && paged ? b.allocatePaged(spec.dtype, spec.shape) : b.allocate(spec.dtype, spec.shape);
    }

    /**
     * A state for {@code param} holding copies of {@code src} (any backend), validated completely
     * before anything is allocated. {@code where} names the parameter in messages.
     */
    static ParamState restore(Tensor param, OptimizerKind kind, OptimizerSettings s, Map<String, Tensor> src, int step,
                              String where, SharedMaps maps) {
        if (step < 0) throw new IllegalArgumentException(where + ": step must be >= 0, got " + step);
        Tensor s1 = src.get(STATE1);
        if (s1 == null) throw new IllegalArgumentException(where + ": missing " + STATE1);
        int bits = switch (s1.dtype()) {
            case F32 -> 32;
            case U8 -> 8;
            default -> throw new IllegalArgumentException(where + ": " + STATE1 + " must be F32 (32-bit) or U8 (8-bit), got " + s1.dtype());
        };
        boolean clip = s.percentileClipping() < 100;
        if (clip && !src.containsKey(GNORM_VEC))
            throw new IllegalArgumentException(where + ": percentile clipping is on but the saved state has no " + GNORM_VEC);
        List<Spec> specs = specs(param, kind, bits, src.containsKey(UNORM_VEC) || s.maxUnorm() > 0,
                src.containsKey(GNORM_VEC));
        List<String> unknown = new ArrayList<>(src.keySet());
        for (Spec spec : specs) {
            unknown.remove(spec.name);
            Tensor x = src.get(spec.name);
            if (x == null) {
                if (spec.name.equals(UNORM_VEC)) continue; // recomputed from scratch by every trust-ratio step
                throw new IllegalArgumentException(where + ": missing " + spec.name + " (" + bits + "-bit " + kind.upstreamName() + " state)");
            }
            if (x.isClosed()) throw new IllegalStateException(where + ": " + spec.name + " is closed");
            if (x.dtype() != spec.dtype || x.numel() != Shapes.numel(spec.shape))
                throw new IllegalArgumentException(where + ": " + spec.name + " must be " + spec.dtype + Shapes.str(spec.shape)
                        + ", got " + x.dtype() + Shapes.str(x.shape()));
        }
        if (!unknown.isEmpty()) throw new IllegalArgumentException(where + ": unexpected state tensors " + unknown);

        Backend b = param.backend();
        long n = param.numel();
        Map<String, Tensor> t = new LinkedHashMap<>();
        Set<String> shared = new HashSet<>();
        try {
            for (Spec spec : specs) {
                Tensor x = src.get(spec.name);
                // A saved map equal to the standard one is shared again; any other is kept as saved (upstream loads the file's).
                if (spec.name.equals(QMAP1) && isMap(x, Codebooks.dynamicSigned())) {
                    t.put(QMAP1, maps.signed(b));
                    shared.add(QMAP1);
                    continue;
                }
                if (spec.name.equals(QMAP2) && isMap(x, Codebooks.dynamicUnsigned())) {
                    t.put(QMAP2, maps.unsigned(b));
                    shared.add(QMAP2);
                    continue;
                }
                Tensor dst = allocate(b, spec, s.paged() && n >= OptimizerSettings.PAGED_MIN_NUMEL);
                t.put(spec.name, dst);
                if (x != null) b.copy(x, dst);
            }
        } catch (RuntimeException | Error e) {
            closeAll(t, shared);
            throw e;
        }
        return new ParamState(kind, bits, s.maxUnorm(), s.percentileClipping(), t, shared, step);
    }

    private record Spec(String name, DType dtype, long[] shape, boolean paged) {}

    /** The tensors a state of this kind and precision consists of, in upstream's order. */
    private static List<Spec> specs(Tensor param, OptimizerKind kind, int bits, boolean unorm, boolean gnorm) {
        long[] shape = param.shape();
        long blocks = Shapes.blocks(param.numel(), Optimizer8bitStep.BLOCKSIZE);
        boolean ademamix = kind == OptimizerKind.ADEMAMIX, twoStates = kind.states() == 2;
        long[] shape1 = ademamix ? prepend(2, shape) : shape;
        DType sd = bits == 8 ? DType.U8 : DType.F32;
        List<Spec> l = new ArrayList<>();
        l.add(new Spec(STATE1, sd, shape1, true));
        if (twoStates) l.add(new Spec(STATE2, sd, shape, true));
        if (bits == 8) {
            l.add(new Spec(QMAP1, DType.F32, new long[] {256}, false));
            if (twoStates) l.add(new Spec(QMAP2, DType.F32, new long[] {256}, false));
            l.add(new Spec(ABSMAX1, DType.F32, ademamix ? new long[] {2, blocks} : new long[] {blocks}, false));
            if (twoStates) l.add(new Spec(ABSMAX2, DType.F32, new long[] {blocks}, false));
        }
        if (unorm) l.add(new Spec(UNORM_VEC, DType.F32, new long[] {1}, false));
        if (gnorm) l.add(new Spec(GNORM_VEC, DType.F32, new long[] {100}, false));
        return l;
    }

    private static long[] prepend(long d, long[] shape) {
        long[] r = new long[shape.length + 1];
        r[0] = d;
        System.arraycopy(shape, 0, r, 1, shape.length);
        return r;
    }

    // ------------------------------------------------------------------ update

    /** One update of {@code param} with {@code grad} (upstream's {@code update_step}); the step counter advances only on success. */
    void update(Tensor param, Tensor grad, Hyperparams h, boolean skipZeros) {
        Backend b = param.backend();
        int t = step + 1;
        if (isPaged()) {
            b.prefetch(state1(), false);
            if (state2() != null) b.prefetch(state2(), false);
        }
        float gnormScale = 1f;
        if (percentile < 100 && gnormVec() != null)
            gnormScale = b.percentileClipping(grad, gnormVec(), t, percentile).gnormScale();
        double alpha = h.alpha(), beta3 = h.beta3();
        if (kind == OptimizerKind.ADEMAMIX) {
            alpha = AdemamixSchedule.alpha(t, h.alpha(), h.tAlpha());
            beta3 = AdemamixSchedule.beta3(t, h.beta1(), h.beta3(), h.tBeta3());
        }
        if (bits == 32) {
            // The trust ratio needs ||p|| before the update; 8-bit updates never apply it (upstream).
            float maxU = unormVec() != null ? (float) maxUnorm : 0f;
            float pNorm = maxU > 0 ? HostScan.l2Norm(param) : 0f;
            Hyper hy = new Hyper((float) h.lr(), (float) h.beta1(), (float) h.beta2(), (float) beta3, (float) alpha,
                    (float) h.eps(), (float) h.weightDecay(), t, maxU, pNorm, gnormScale, skipZeros);
            b.optimizerUpdate32bit(new Optimizer32bitStep(kind, grad, param, state1(), state2(), maxU > 0 ? unormVec() : null, hy));
        } else {
            Hyper hy = new Hyper((float) h.lr(), (float) h.beta1(), (float) h.beta2(), (float) beta3, (float) alpha,
                    (float) h.eps(), (float) h.weightDecay(), t, 0f, 0f, gnormScale, skipZeros);
            b.optimizerUpdate8bitBlockwise(new Optimizer8bitStep(kind, grad, param, state1(), state2(), qmap1(), qmap2(),
                    absmax1(), absmax2(), hy));
        }
        step = t;
    }

    private static boolean isMap(Tensor saved, float[] code) {
        return Arrays.equals(saved.backend().downloadBytes(saved), io.bnb.api.HostArrays.fromFloats(code, DType.F32)
                .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }

    void close() { closeAll(tensors, shared); }

    private static void closeAll(Map<String, Tensor> t, Set<String> shared) {
        for (var e : t.entrySet()) if (!shared.contains(e.getKey())) e.getValue().close();
    }

    @Override
    public String toString() {
        return "ParamState[step=" + step + ", " + bits + "-bit, " + byteSize() + " bytes" + (isPaged() ? ", paged" : "")
                + ", " + Arrays.toString(tensors.keySet().toArray()) + "]";
    }
}
