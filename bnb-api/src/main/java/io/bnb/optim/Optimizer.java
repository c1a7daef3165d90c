package io.bnb.optim;

import io.bnb.api.Backend;
import io.bnb.api.Op;
import io.bnb.api.OptimizerKind;
import io.bnb.api.Support;
import io.bnb.api.Tensor;
import io.bnb.api.UnsupportedOpException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Base of the bitsandbytes optimizers (upstream's {@code Optimizer8bit} driver). Parameters and
 * their gradient tensors are registered in groups; {@link #step()} updates every parameter that
 * has a gradient, in group order, through its backend's optimizer op, creating its state at its
 * first step. Each parameter has its own step counter. Overrides ({@link #override}) change the
 * configuration of single parameters. Not thread-safe.
 */
public abstract class Optimizer implements AutoCloseable {

    /** A registered parameter. */
    private static final class Entry {
        final Tensor param;
        final ParamGroup group;
        Tensor grad;
        ParamState state;

        Entry(Tensor param, ParamGroup group, Tensor grad) {
            this.param = param;
            this.group = group;
            this.grad = grad;
        }
    }

    private final String name;
    private final OptimizerKind kind;
    private final Hyperparams defaults;
    private final OptimizerSettings settings;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, Entry> entries = new IdentityHashMap<>();
    private final OptimOverrides overrides = new OptimOverrides();
    private final SharedMaps maps = new SharedMaps();
    private boolean closed;

    protected Optimizer(String name, OptimizerKind kind, Hyperparams defaults, OptimizerSettings settings) {
        this.name = name;
        this.kind = kind;
        this.defaults = defaults;
        this.settings = settings;
        groups.add(new ParamGroup(this, 0, defaults));
    }

    /** Class name as upstream spells it ("AdamW", "Lion", ...). */
    public final String name() { return name; }

    /** The update rule of the optimizer ops. */
    public final OptimizerKind kind() { return kind; }

    /** The hyper-parameters new groups start with. */
    public final Hyperparams defaults() { return defaults; }

    public final OptimizerSettings settings() { return settings; }

    // ------------------------------------------------------------------ parameters

    /** Adds a parameter and its gradient tensor to the first group; see {@link ParamGroup#add}. */
    public Optimizer add(Tensor param, Tensor grad) {
        groups.get(0).add(param, grad);
        return this;
    }

    /** A new, empty group starting from {@link #defaults()}. */
    public ParamGroup addGroup() {
        checkOpen();
        ParamGroup g = new ParamGroup(this, groups.size(), defaults);
        groups.add(g);
        return g;
    }

    public List<ParamGroup> groups() { return Collections.unmodifiableList(groups); }

    public ParamGroup group(int i) {
        if (i < 0 || i >= groups.size()) throw new IllegalArgumentException("group index " + i + " out of range [0, " + groups.size() + ")");
        return groups.get(i);
    }

    /** All parameters in group order: their positions are the indices of the state dict. */
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        for (ParamGroup g : groups) all.addAll(g.params());
        return all;
    }

    /** Replaces the gradient tensor of a registered parameter (null: skip the parameter at {@link #step()}). */
    public void setGrad(Tensor param, Tensor grad) {
        Entry e = entry(param);
        checkGrad(param, grad);
        e.grad = grad;
    }

    public Tensor grad(Tensor param) { return entry(param).grad; }

    void register(ParamGroup group, Tensor param, Tensor grad) {
        checkOpen();
        if (param == null) throw new IllegalArgumentException("param must not be null");
        if (param.isClosed()) throw new IllegalStateException("param is closed (" + param + ")");
        if (!param.dtype().isFloat()) throw new IllegalArgumentException("param must be F32, F16 or BF16, got " + param.dtype());
        Entry old = entries.get(param);
        if (old != null) throw new IllegalArgumentException("param was already added (group " + old.group.index() + ")");
        checkGrad(param, grad);
        entries.put(param, new Entry(param, group, grad));
    }

    private static void checkGrad(Tensor param, Tensor grad) {
        if (grad == null) return;
        if (grad == param) throw new IllegalArgumentException("grad must be a tensor of its own, not the parameter itself");
        if (grad.isClosed()) throw new IllegalStateException("grad is closed (" + grad + ")");
        if (grad.backend() != param.backend())
            throw new IllegalArgumentException("grad belongs to backend '" + grad.backend().name() + "', param to '"
                    + param.backend().name() + "'; copy it with Backend.copy first");
        if (grad.dtype() != param.dtype())
            throw new IllegalArgumentException("grad must have param's dtype " + param.dtype() + ", got " + grad.dtype());
        if (!java.util.Arrays.equals(grad.shape(), param.shape()))
            throw new IllegalArgumentException("grad shape " + java.util.Arrays.toString(grad.shape()) + " differs from param shape "
                    + java.util.Arrays.toString(param.shape()));
    }

    private Entry entry(Tensor param) {
        Entry e = param == null ? null : entries.get(param);
        if (e == null) throw new IllegalArgumentException("param is not registered with this optimizer");
        return e;
    }

    // ------------------------------------------------------------------ overrides

    /**
     * This optimizer's per-parameter overrides; they win over {@link OptimOverrides#global()},
     * which wins over the group values.
     */
    public OptimOverrides overrides() { return overrides; }

    /** Merges an override for one parameter (registered or not yet). */
    public Optimizer override(Tensor param, ParamOverride o) {
        overrides.override(param, o);
        return this;
    }

    /** The effective override of a parameter: global, then this optimizer's. */
    ParamOverride overrideOf(Tensor param) {
        return OptimOverrides.global().get(param).merge(overrides.get(param));
    }

    /** The hyper-parameters the next step of {@code param} uses (group values with overrides applied). */
    public Hyperparams hyperparamsOf(Tensor param) { return overrideOf(param).apply(entry(param).group.hyperparams()); }

    /** The settings of {@code param} (optimizer settings with overrides applied). */
    public OptimizerSettings settingsOf(Tensor param) { return overrideOf(param).apply(settings); }

    // ------------------------------------------------------------------ step

    /**
     * Updates every parameter that has a gradient. Every parameter is checked (open tensors, the
     * backend supporting the op, finite gradients under {@link NonFiniteGradients#THROW}) and its
     * configuration resolved before the first one is written.
     *
     * @return false when the step was skipped ({@link NonFiniteGradients#SKIP_STEP} and a non-finite gradient)
     */
    public boolean step() {
        checkOpen();
        List<Work> work = plan();
        if (settings.nonFinite() != NonFiniteGradients.PASS) {
            for (Work w : work) {
                long bad = HostScan.countNonFinite(w.e.grad);
                if (bad == 0) continue;
                if (settings.nonFinite() == NonFiniteGradients.SKIP_STEP) return false;
                throw new IllegalArgumentException("grad of " + w.where + " holds " + bad
                        + " NaN/Inf value(s); nothing was updated (NonFiniteGradients.THROW)");
            }
        }
        // Zero states first (upstream's init_state), so a failed allocation cannot leave a half-applied step.
        for (Work w : work) if (w.e.state == null) w.e.state = ParamState.create(w.e.param, kind, w.s, maps);
        Set<Backend> paged = new LinkedHashSet<>();
        for (Work w : work) {
            w.e.state.update(w.e.param, w.e.grad, w.h, w.s.skipZeros());
            if (w.e.state.isPaged()) paged.add(w.e.param.backend());
        }
        // Paged state is host-migratable: finish the kernels before the host may touch it (upstream syncs too).
        for (Backend b : paged) b.synchronize();
        return true;
    }

    /** One parameter's update in a step, with its resolved configuration. */
    private record Work(Entry e, String where, Hyperparams h, OptimizerSettings s) {}

    /** Checks every parameter with a gradient and resolves its configuration; writes nothing. */
    private List<Work> plan() {
        List<Work> work = new ArrayList<>();
        int index = 0;
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                Entry e = entries.get(p);
                String where = "param " + index++ + " (group " + g.index() + ")";
                if (e.grad == null) continue;
                if (p.isClosed()) throw new IllegalStateException(where + " is closed");
                if (e.grad.isClosed()) throw new IllegalStateException("grad of " + where + " is closed");
                ParamOverride o = overrideOf(p);
                Hyperparams h;
                OptimizerSettings s;
                try {
                    h = o.apply(g.hyperparams());
                    s = o.apply(settings);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(where + ": invalid override " + o + ": " + ex.getMessage(), ex);
                }
                int bits = e.state != null ? e.state.bits() : ParamState.bitsFor(p.numel(), s);
                Op op = bits == 32 ? Op.OPTIMIZER_UPDATE_32BIT : Op.OPTIMIZER_UPDATE_8BIT_BLOCKWISE;
                Backend b = p.backend();
                if (b.support(op) == Support.NONE)
                    throw new UnsupportedOpException(op, where + ": backend '" + b.name() + "' has no " + op.upstreamName()
                            + (b.supportNote(op).isEmpty() ? "" : " (" + b.supportNote(op) + ")"));
                work.add(new Work(e, where, h, s));
            }
        }
        return work;
    }

    /** Zero-fills every registered gradient tensor. */
    public void zeroGrad() {
        checkOpen();
        for (Entry e : entries.values()) {
            if (e.grad == null) continue;
            Optional<java.lang.foreign.MemorySegment> host = e.grad.hostSegment();
            if (host.isPresent()) {
                host.get().fill((byte) 0);
            } else {
                Backend b = e.grad.backend();
                try (Tensor z = b.allocate(e.grad.dtype(), e.grad.shape())) {
                    b.copyDevice(z, e.grad);
                }
            }
        }
    }

    // ------------------------------------------------------------------ state

    /** The state of a parameter; empty before its first step. */
    public Optional<ParamState> state(Tensor param) { return Optional.ofNullable(entry(param).state); }

    /** Bytes held by the state of every parameter plus the shared 8-bit quantization maps. */
    public long stateBytes() {
        long b = maps.byteSize();
        for (Entry e : entries.values()) if (e.state != null) b += e.state.byteSize();
        return b;
    }

    /**
     * A snapshot description of the whole optimizer: every state tensor (live, not copied: write it
     * out before the next step) and the step counters and group hyper-parameters as metadata.
     * See {@link OptimizerState} for the key schema.
     */
    public OptimizerState stateDict() {
        checkOpen();
        List<Tensor> params = parameters();
        List<ParamState> states = new ArrayList<>();
        for (Tensor p : params) states.add(entries.get(p).state);
        return StateDicts.export(this, states);
    }

    /**
     * Restores what {@link #stateDict()} produced (tensors of any backend are copied onto each
     * parameter's backend). Everything is validated first; on any error nothing changes. The group
     * hyper-parameters are restored too, as torch does; overrides are configuration and are not.
     */
    public void loadStateDict(OptimizerState state) {
        checkOpen();
        List<Tensor> params = parameters();
        StateDicts.Restored r = StateDicts.restore(this, state, params, maps);
        for (int g = 0; g < groups.size(); g++) groups.get(g).hyperparams(r.groups().get(g));
        for (int i = 0; i < params.size(); i++) {
            Entry e = entries.get(params.get(i));
            if (e.state != null) e.state.close();
            e.state = r.states().get(i);
        }
    }

    /** Frees the state of every parameter; the optimizer cannot step afterwards. Parameters and gradients stay open. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Entry e : entries.values()) {
            if (e.state != null) e.state.close();
            e.state = null;
        }
        maps.close();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException(name + " optimizer is closed");
    }

    @Override
    public String toString() {
        return name + "[" + settings.optimBits() + "-bit" + (settings.paged() ? ", paged" : "") + ", " + entries.size() + " params, "
                + groups.size() + " group(s)]";
    }
}
