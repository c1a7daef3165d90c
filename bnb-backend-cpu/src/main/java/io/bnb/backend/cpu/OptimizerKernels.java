package io.bnb.backend.cpu;

import io.bnb.api.*;

/** 32-bit and 8-bit blockwise optimizer updates (spec OPTIMIZERS.md). */
final class OptimizerKernels {
    private OptimizerKernels() {}

    static void update32bit(Optimizer32bitStep s) {
        throw new UnsupportedOperationException("optimizerUpdate32bit: not implemented yet");
    }

    static void update8bitBlockwise(Optimizer8bitStep s) {
        throw new UnsupportedOperationException("optimizerUpdate8bitBlockwise: not implemented yet");
    }

    static ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile) {
        throw new UnsupportedOperationException("percentileClipping: not implemented yet");
    }
}
