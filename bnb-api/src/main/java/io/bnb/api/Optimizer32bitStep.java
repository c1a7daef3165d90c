package io.bnb.api;

/**
 * Arguments of {@code optimizer_update_32bit}; updates {@code param}, {@code state1}, {@code state2}
 * and {@code unormVec} in place.
 *
 * @param grad     gradient, same dtype (F32/F16/BF16) and numel as param
 * @param state1   F32, numel of param ({@code [2, n]} for AdEMAMix)
 * @param state2   F32 or null for one-state optimizers
 * @param unormVec F32 {@code [1]} when maxUnorm > 0, else null
 */
public record Optimizer32bitStep(OptimizerKind kind, Tensor grad, Tensor param, Tensor state1, Tensor state2,
                                 Tensor unormVec, Hyper hyper) {}
