package io.bnb.backend.cuda;

import io.bnb.api.*;

import static io.bnb.backend.cuda.CudaBackend.check;
import static io.bnb.backend.cuda.CudaBackend.code;
import static io.bnb.backend.cuda.CudaBackend.ptr;

/**
 * gemv_4bit and gemm_4bit (arguments already validated). The native side picks the kernel:
 * SIMT for one to four rows, fp32 or K not a multiple of 64, tensor cores (sm80+) otherwise.
 */
final class MatmulOps {
    private final CudaBackend b;

    MatmulOps(CudaBackend b) { this.b = b; }

    /** Output shape: A's shape with the last dimension replaced by N. */
    static long[] outShape(Tensor a, long n) {
        long[] s = a.shape();
        s[s.length - 1] = n;
        return s;
    }

    Tensor gemv(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int bs) {
        int n = dim(shapeB[0], "shapeB[0]"), k = dim(shapeB[1], "shapeB[1]");
        CudaTensor out = b.empty(a.dtype(), outShape(a, n));
        QuantOps.run(() -> check(CudaNative.bnb_gemm4bit(b.ctx, code(a.dtype()), ptr(a), 1, ptr(packed), ptr(absmax), 0, 0, 0f,
                ptr(code), 0, out.ptr(), n, k, bs)), out);
        return out;
    }

    Tensor gemm(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int bs, QuantType type, Tensor bias, NestedAbsmax nested) {
        int n = dim(shapeB[0], "shapeB[0]"), k = dim(shapeB[1], "shapeB[1]");
        int m = dim(rowsOf(a), "rows of A");
        CudaTensor out = b.empty(a.dtype(), outShape(a, n));
        Tensor lut = b.lut(type);
        // many rows go through a dequantized weight and cuBLASLt when it loads (else fused kernels)
        if (m >= b.gemm4LtMinRows() && a.dtype() != DType.F32) b.cublasLt();
        QuantOps.run(() -> check(CudaNative.bnb_gemm4bit(b.ctx, code(a.dtype()), ptr(a), m, ptr(packed), ptr(absmax),
                nested == null ? 0 : ptr(nested.codes()), nested == null ? 0 : ptr(nested.code()),
                nested == null ? 0f : nested.offset(), ptr(lut), ptr(bias), out.ptr(), n, k, bs)), out);
        return out;
    }

    private static long rowsOf(Tensor a) {
        long[] s = a.shape();
        long r = 1;
        for (int i = 0; i < s.length - 1; i++) r *= s[i];
        return r;
    }

    /** Kernel dimensions are 32-bit, as upstream's. */
    static int dim(long v, String what) {
        if (v > Integer.MAX_VALUE) throw new IllegalArgumentException(what + " = " + v + " exceeds the CUDA kernels' limit of 2^31-1");
        return (int) v;
    }
}
