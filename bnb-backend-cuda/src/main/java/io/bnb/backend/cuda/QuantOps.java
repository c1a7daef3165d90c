package io.bnb.backend.cuda;

import io.bnb.api.*;

import static io.bnb.backend.cuda.CudaBackend.check;
import static io.bnb.backend.cuda.CudaBackend.code;
import static io.bnb.backend.cuda.CudaBackend.ptr;

/** Blockwise 8-bit and NF4/FP4 quantization (arguments already validated). */
final class QuantOps {
    private final CudaBackend b;

    QuantOps(CudaBackend b) { this.b = b; }

    Quantized quantize8(Tensor a, Tensor code, int bs) {
        long n = a.numel();
        CudaTensor out = b.empty(DType.U8, a.shape());
        CudaTensor absmax = b.empty(DType.F32, Shapes.blocks(n, bs));
        run(() -> check(CudaNative.bnb_quantize_blockwise(b.ctx, code(a.dtype()), ptr(a), ptr(code), out.ptr(), absmax.ptr(),
                n, bs, 0)), out, absmax);
        return new Quantized(out, absmax);
    }

    Tensor dequantize8(Tensor a, Tensor absmax, Tensor code, int bs, DType dtype) {
        CudaTensor out = b.empty(dtype, a.shape());
        run(() -> check(CudaNative.bnb_dequantize_8bit(b.ctx, code(dtype), ptr(a), ptr(absmax), ptr(code), out.ptr(), a.numel(), bs)),
                out);
        return out;
    }

    Quantized quantize4(Tensor a, int bs, QuantType type, DType storage) {
        long n = a.numel();
        long bytes = (n + 1) / 2;
        CudaTensor out = b.empty(storage, bytes / storage.byteSize(), 1);
        CudaTensor absmax = b.empty(DType.F32, Shapes.blocks(n, bs));
        run(() -> check(CudaNative.bnb_quantize_blockwise(b.ctx, code(a.dtype()), ptr(a), 0, out.ptr(), absmax.ptr(), n, bs,
                type == QuantType.NF4 ? 1 : 2)), out, absmax);
        return new Quantized(out, absmax);
    }

    Tensor dequantize4(Tensor packed, Tensor absmax, int bs, QuantType type, long[] shape, DType dtype) {
        CudaTensor out = b.empty(dtype, shape.clone());
        run(() -> check(CudaNative.bnb_dequantize_4bit(b.ctx, code(dtype), ptr(packed), ptr(absmax), type == QuantType.FP4 ? 1 : 0,
                out.ptr(), out.numel(), bs)), out);
        return out;
    }

    /** Runs a launch; on failure the freshly allocated results are released before rethrowing. */
    static void run(Runnable launch, Tensor... results) {
        try {
            launch.run();
        } catch (RuntimeException e) {
            for (Tensor t : results) t.close();
            throw e;
        }
    }
}
