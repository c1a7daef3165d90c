package io.bnb.backend.cpu;

import io.bnb.api.*;

/** 8-bit blockwise quantization with a 256-entry code (spec OPS.md §2). */
final class Blockwise8Kernels {
    private Blockwise8Kernels() {}

    static Quantized quantize(CpuBackend b, Tensor a, Tensor code, int blocksize) {
        throw new UnsupportedOperationException("quantizeBlockwise: not implemented yet");
    }

    static Tensor dequantize(CpuBackend b, Tensor a, Tensor absmax, Tensor code, int blocksize, DType dtype) {
        throw new UnsupportedOperationException("dequantizeBlockwise: not implemented yet");
    }
}
