package io.bnb.backend.cpu;

import io.bnb.api.*;

/** gemv_4bit and gemm_4bit (spec OPS.md §4, §5). */
final class FourBitMatmul {
    private FourBitMatmul() {}

    static Tensor gemv(CpuBackend b, Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int blocksize) {
        throw new UnsupportedOperationException("gemv4bit: not implemented yet");
    }

    static Tensor gemm(CpuBackend b, Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize, QuantType quantType,
                       Tensor bias, NestedAbsmax nested) {
        throw new UnsupportedOperationException("gemm4bit: not implemented yet");
    }
}
