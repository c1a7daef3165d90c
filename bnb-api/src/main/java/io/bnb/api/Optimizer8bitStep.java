package io.bnb.api;

/**
 * Arguments of {@code optimizer_update_8bit_blockwise} (block size 256); updates {@code param},
 * the U8 states and their absmax in place.
 *
 * @param qmap1   F32 [256] code of state1 (signed dynamic map)
 * @param qmap2   F32 [256] code of state2 (unsigned dynamic map) or null
 * @param absmax1 F32 {@code [ceil(n/256)]} ({@code [2, ceil(n/256)]} for AdEMAMix)
 * @param absmax2 F32 {@code [ceil(n/256)]} or null
 */
public record Optimizer8bitStep(OptimizerKind kind, Tensor grad, Tensor param, Tensor state1, Tensor state2,
                                Tensor qmap1, Tensor qmap2, Tensor absmax1, Tensor absmax2, Hyper hyper) {
    /** Block size of every 8-bit optimizer state. */
    public static final int BLOCKSIZE = 256;
}
