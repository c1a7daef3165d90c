package io.bnb.backend.cpu;

import io.bnb.api.*;

/** NF4/FP4 quantize and dequantize (spec OPS.md §3). */
final class FourBitKernels {
    private FourBitKernels() {}

    static Quantized quantize(CpuBackend b, Tensor a, int blocksize, QuantType quantType, DType storage) {
        throw new UnsupportedOperationException("quantize4bit: not implemented yet");
    }

    static Tensor dequantize(CpuBackend b, Tensor packed, Tensor absmax, int blocksize, QuantType quantType, long[] shape, DType dtype) {
        throw new UnsupportedOperationException("dequantize4bit: not implemented yet");
    }
}
