package io.bnb.backend.cuda;

import io.bnb.api.*;
import io.bnb.spi.Checks;

import static io.bnb.backend.cuda.CudaBackend.check;
import static io.bnb.backend.cuda.CudaBackend.code;
import static io.bnb.backend.cuda.CudaBackend.ptr;

/** LLM.int8 ops (arguments already validated). */
final class Int8Ops {
    private final CudaBackend b;

    Int8Ops(CudaBackend b) { this.b = b; }

    private static long rows(Tensor a) {
        long k = a.size(-1);
        return k == 0 ? rowsByShape(a) : a.numel() / k;
    }

    private static long rowsByShape(Tensor a) {
        long[] s = a.shape();
        long r = 1;
        for (int i = 0; i < s.length - 1; i++) r *= s[i];
        return r;
    }

    Int8Quantized vectorwiseQuant(Tensor a, float threshold) {
        long k = a.size(-1), rows = rows(a);
        CudaTensor out = b.empty(DType.I8, a.shape());
        CudaTensor stats = b.empty(DType.F32, rows);
        if (threshold == 0f) {
            QuantOps.run(() -> check(CudaNative.bnb_int8_vectorwise_quant(b.ctx, code(a.dtype()), ptr(a), rows, k, 0f, out.ptr(),
                    stats.ptr(), 0, 0)), out, stats);
            return new Int8Quantized(out, stats, null);
        }
        Tensor cols = outliers(a, rows, k, threshold, out, stats, out, stats);
        return new Int8Quantized(out, stats, cols);
    }

    /**
     * Row quantization that marks outlier columns, then their sorted indices as an exactly sized
     * I64 tensor. Its length is data-dependent, so this waits for the count. The kernels publish
     * the count early in their second pass and write the indices straight into the result's memory
     * (room for k), so the host's work until its next call overlaps the rest of that pass; every
     * reader of the indices is ordered after it on the stream. The marks live in the context's
     * scratch, hence the lock.
     */
    private Tensor outliers(Tensor a, long rows, long k, float threshold, CudaTensor out, CudaTensor stats, Tensor... results) {
        synchronized (b) {
            long room = 0;
            try {
                room = b.alloc(8 * Math.max(k, 1));
                long c = CudaNative.bnb_int8_quant_outliers(b.ctx, code(a.dtype()), ptr(a), rows, k, threshold, out.ptr(),
                        stats.ptr(), room);
                if (c < 0) check((int) -c);
                return new CudaTensor(b, DType.I64, new long[] {c}, room, false);
            } catch (RuntimeException e) {
                for (Tensor t : results) t.close();
                if (room != 0) b.release(room, false);
                throw e;
            }
        }
    }

    Tensor vectorwiseDequant(Tensor a, Tensor stats) {
        CudaTensor out = b.empty(DType.F32, a.shape());
        long k = a.size(-1);
        QuantOps.run(() -> check(CudaNative.bnb_int8_vectorwise_dequant(b.ctx, ptr(a), ptr(stats), Math.max(1, k), a.numel(),
                out.ptr())), out);
        return out;
    }

    Tensor linearMatmul(Tensor a, Tensor bm) {
        long k = a.size(-1), n = bm.size(0), m = rows(a);
        CudaTensor out = b.empty(DType.I32, MatmulOps.outShape(a, n));
        QuantOps.run(() -> check(CudaNative.bnb_int8_linear_matmul(b.ctx, ptr(a), ptr(bm), out.ptr(), m, n, k)), out);
        return out;
    }

    Tensor mmDequant(Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias) {
        CudaTensor out = b.empty(dtype, a.shape());
        long n = a.size(-1);
        QuantOps.run(() -> check(CudaNative.bnb_int8_mm_dequant(b.ctx, ptr(a), ptr(rowStats), ptr(colStats), ptr(bias),
                bias == null ? 0 : code(bias.dtype()), Math.max(1, n), a.numel(), out.ptr(), code(dtype))), out);
        return out;
    }

    Int8DoubleQuantized doubleQuant(Tensor a, float threshold) {
        long k = a.size(-1), rows = rows(a);
        CudaTensor rowOut = b.empty(DType.I8, a.shape());
        CudaTensor colOut = b.empty(DType.I8, a.shape());
        CudaTensor rowStats = b.empty(DType.F32, rows);
        CudaTensor colStats = b.empty(DType.F32, k);
        Tensor[] all = {rowOut, colOut, rowStats, colStats};
        QuantOps.run(() -> check(CudaNative.bnb_int8_col_quant(b.ctx, code(a.dtype()), ptr(a), rows, k, threshold, colStats.ptr(),
                colOut.ptr())), all);
        if (threshold == 0f) {
            QuantOps.run(() -> check(CudaNative.bnb_int8_vectorwise_quant(b.ctx, code(a.dtype()), ptr(a), rows, k, 0f, rowOut.ptr(),
                    rowStats.ptr(), 0, 0)), all);
            return new Int8DoubleQuantized(rowOut, colOut, rowStats, colStats, null);
        }
        Tensor cols = outliers(a, rows, k, threshold, rowOut, rowStats, all);
        return new Int8DoubleQuantized(rowOut, colOut, rowStats, colStats, cols);
    }

    Tensor scaledMm(Tensor a, Tensor bm, Tensor rowStats, Tensor colStats, Tensor bias, DType dtype) {
        try (Tensor acc = linearMatmul(a, bm)) {
            Checks.int8MmDequant(b, acc, rowStats, colStats, dtype, bias);
            return mmDequant(acc, rowStats, colStats, dtype == null ? DType.F16 : dtype, bias);
        }
    }

    MixedMatmul mixedScaledMm(Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias) {
        long k = a.size(-1), rows = rows(a), n = cb.size(0);
        if (cb.size(1) != k) throw new IllegalArgumentException("CB must have A's last dimension " + k + ", got shape " + Shapes.str(cb.shape()));
        if (bias != null) Checks.dtype(bias, "bias", DType.F16, DType.BF16, DType.F32);
        long c = outlierCols == null ? 0 : outlierCols.numel();
        if (c > 0) checkColumns(outlierCols, k);
        Tensor out = scaledMm(ca, cb, sca, scb, bias, a.dtype());
        CudaTensor subA = null;
        try {
            long[] subShape = a.shape();   // A's shape with the outlier columns as last dimension; [0] when none
            subShape[subShape.length - 1] = c;
            subA = c == 0 ? b.empty(a.dtype(), 0) : b.empty(a.dtype(), subShape);
            if (c > 0) {
                CudaTensor s = subA;
                check(CudaNative.bnb_int8_outliers(b.ctx, code(a.dtype()), ptr(a), rows, k, ptr(outlierCols),
                        outlierCols.dtype() == DType.I64 ? 1 : 0, c, ptr(cb), ptr(scb), n, s.ptr(), ptr(out)));
            }
            return new MixedMatmul(out, subA);
        } catch (RuntimeException e) {
            out.close();
            if (subA != null) subA.close();
            throw e;
        }
    }

    /** Outlier column indices index A's columns on the device: reject any outside [0, K) first. */
    private void checkColumns(Tensor cols, long k) {
        long[] idx = b.downloadLongs(cols);
        for (long i : idx)
            if (i < 0 || i >= k) throw new IllegalArgumentException("outlierCols holds " + i + ", outside [0, " + k + ")");
    }
}
