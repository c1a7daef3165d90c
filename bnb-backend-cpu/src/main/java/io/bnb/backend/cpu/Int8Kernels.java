package io.bnb.backend.cpu;

import io.bnb.api.*;

/** The LLM.int8 family (spec OPS.md §6, §7). */
final class Int8Kernels {
    private Int8Kernels() {}

    static Int8Quantized vectorwiseQuant(CpuBackend b, Tensor a, float threshold) {
        throw new UnsupportedOperationException("int8VectorwiseQuant: not implemented yet");
    }

    static Tensor vectorwiseDequant(CpuBackend b, Tensor a, Tensor stats) {
        throw new UnsupportedOperationException("int8VectorwiseDequant: not implemented yet");
    }

    static Tensor linearMatmul(CpuBackend b, Tensor a, Tensor bm) {
        throw new UnsupportedOperationException("int8LinearMatmul: not implemented yet");
    }

    static Tensor mmDequant(CpuBackend b, Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias) {
        throw new UnsupportedOperationException("int8MmDequant: not implemented yet");
    }

    static Int8DoubleQuantized doubleQuant(CpuBackend b, Tensor a, float threshold) {
        throw new UnsupportedOperationException("int8DoubleQuant: not implemented yet");
    }

    static MixedMatmul mixedScaledMm(CpuBackend b, Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias) {
        throw new UnsupportedOperationException("int8MixedScaledMm: not implemented yet");
    }
}
