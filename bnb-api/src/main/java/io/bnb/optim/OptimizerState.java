package io.bnb.optim;

import io.bnb.api.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state as named tensors plus string metadata: what a checkpoint file holds
 * (safetensors: the tensors and the {@code __metadata__} map; see
 * {@code io.bnb.safetensors.OptimizerCheckpoint}). Key schema (version 1), with {@code i} the
 * parameter's position in {@link Optimizer#parameters()} and {@code g} the group index:
 * <ul>
 *   <li>tensors {@code state.i.state1}, {@code state.i.state2}, {@code state.i.qmap1},
 *       {@code state.i.qmap2}, {@code state.i.absmax1}, {@code state.i.absmax2},
 *       {@code state.i.unorm_vec}, {@code state.i.gnorm_vec} — upstream's state-dict names; only
 *       the ones the state has;</li>
 *   <li>metadata {@code format} = {@value #FORMAT}, {@code format_version} = {@value #VERSION},
 *       {@code optimizer} (class name), {@code kind} (upstream kernel name), {@code param_groups},
 *       {@code group.g.params} (count), {@code group.g.lr}, {@code .beta1}, {@code .beta2},
 *       {@code .beta3}, {@code .alpha}, {@code .eps}, {@code .weight_decay}, {@code .t_alpha},
 *       {@code .t_beta3} (doubles in Java's round-trip decimal form), and {@code state.i.step}
 *       for every parameter that has state.</li>
 * </ul>
 *
 * @param tensors  by key, in a stable order (parameter index, then upstream order)
 * @param metadata by key
 */
public record OptimizerState(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public static final String FORMAT = "bnb-java-optimizer";
    public static final String VERSION = "1";

    public OptimizerState {
        if (tensors == null) throw new IllegalArgumentException("tensors must not be null");
        if (metadata == null) throw new IllegalArgumentException("metadata must not be null");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Total bytes of the tensors. */
    public long byteSize() {
        long b = 0;
        for (Tensor t : tensors.values()) b += t.byteSize();
        return b;
    }
}
