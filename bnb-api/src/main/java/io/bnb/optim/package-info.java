/**
 * The bitsandbytes optimizers as Java classes: {@link io.bnb.optim.Adam}, {@link io.bnb.optim.AdamW},
 * {@link io.bnb.optim.AdEMAMix}, {@link io.bnb.optim.LAMB}, {@link io.bnb.optim.SGD} (momentum),
 * {@link io.bnb.optim.LARS}, {@link io.bnb.optim.RMSprop}, {@link io.bnb.optim.Adagrad} and
 * {@link io.bnb.optim.Lion}, each with 32-bit or 8-bit blockwise state and optionally paged state
 * memory, running on the parameters' own {@link io.bnb.api.Backend} through its optimizer ops.
 *
 * <pre>{@code
 * var opt = AdamW.builder().lr(1e-3).bits(8).paged(true).build();
 * opt.add(weight, weightGrad).add(bias, biasGrad);
 * opt.override(embedding, ParamOverride.none().optimBits(32));   // GlobalOptimManager-style
 * for (...) { backward(); opt.step(); }
 * }</pre>
 *
 * Semantics follow upstream bitsandbytes 0.50 (spec OPTIMIZERS.md): per-parameter step counters,
 * 8-bit state only for tensors of at least {@code min8bitSize} (4096) elements, block size 256,
 * signed dynamic map for the first state and unsigned dynamic map for the second, paged state for
 * tensors of at least 100 000 elements. Hyper-parameters are kept as {@code double} (Python floats)
 * and rounded to float where the kernels take them, as upstream's op dispatch does.
 * Optimizers are not thread-safe.
 */
package io.bnb.optim;
