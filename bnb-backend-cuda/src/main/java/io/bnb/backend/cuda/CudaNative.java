package io.bnb.backend.cuda;

import org.bytedeco.javacpp.annotation.Platform;

/**
 * The JNI entry points of {@code libjniCudaNative.so} (sources in {@code src/main/cuda}, built by
 * the JavaCPP Maven plugin with nvcc). Device memory crosses as {@code long} addresses; every
 * {@code int} result is 0 or an error code whose text {@link #bnb_last_error()} returns on the
 * same thread. Load through {@link NativeLibrary}, never directly.
 */
@Platform(include = "bnb_cuda.h")
final class CudaNative {
    private CudaNative() {}

    // ------------------------------------------------------------------ runtime
    static native int bnb_device_count();
    static native String bnb_last_error();
    static native int bnb_runtime_version();
    static native int bnb_driver_version();
    static native long bnb_create(int device);
    static native void bnb_destroy(long ctx);
    static native int bnb_info(long ctx, int what);
    static native String bnb_device_name(long ctx);
    static native long bnb_mem_free(long ctx);
    static native long bnb_alloc(long ctx, long bytes, int zero);
    static native long bnb_alloc_managed(long ctx, long bytes);
    static native int bnb_free(long ctx, long ptr, int managed);
    static native int bnb_prefetch(long ctx, long ptr, long bytes, int toHost);
    static native int bnb_h2d(long ctx, long dst, long src, long bytes);
    static native int bnb_d2h(long ctx, long dst, long src, long bytes);
    static native int bnb_d2d(long ctx, long dst, long src, long bytes);
    static native int bnb_memset(long ctx, long ptr, long bytes);
    static native int bnb_sync(long ctx);
    static native int bnb_event_record(long ctx, int idx);
    static native float bnb_event_ms(long ctx, int from, int to);
    static native int bnb_spin(long ctx, long ns);
    static native int bnb_nop(long ctx);
    static native int bnb_jni_nop(long ctx);
    static native int bnb_bench_native_floor(long ctx, long q, long absmax, long code, long n, int bs);

    // ------------------------------------------------------------------ blockwise quantization
    /** mode 0: 8-bit with {@code code}; 1: NF4; 2: FP4. */
    static native int bnb_quantize_blockwise(long ctx, int dtype, long a, long code, long out, long absmax, long n, int bs, int mode);
    static native int bnb_dequantize_8bit(long ctx, int dtype, long q, long absmax, long code, long out, long n, int bs);
    static native int bnb_dequantize_4bit(long ctx, int dtype, long q, long absmax, int fp4, long out, long n, int bs);

    // ------------------------------------------------------------------ 4-bit matmul
    static native int bnb_gemm4bit(long ctx, int dtype, long x, int m, long w, long absmax, long q8, long code2, float offset,
                                   long code, long bias, long out, int n, int k, int bs);

    // ------------------------------------------------------------------ int8
    static native int bnb_int8_vectorwise_quant(long ctx, int dtype, long a, long rows, long k, float threshold, long out,
                                                long stats, long idx, long countDev);
    /**
     * Row quantization with a threshold; the sorted outlier columns go to cols (room for k longs).
     * Returns their number (or minus an error code).
     */
    static native long bnb_int8_quant_outliers(long ctx, int dtype, long a, long rows, long k, float threshold, long out,
                                               long stats, long cols);
    static native int bnb_int8_vectorwise_dequant(long ctx, long a, long stats, long k, long n, long out);
    static native int bnb_int8_mm_dequant(long ctx, long a, long rowStats, long colStats, long bias, int biasDt, long n,
                                          long count, long out, int outDt);
    static native int bnb_int8_col_quant(long ctx, int dtype, long a, long rows, long k, float threshold, long colStats, long out);
    static native int bnb_int8_outliers(long ctx, int dtype, long a, long rows, long k, long cols, int cols64, long c, long cb,
                                        long scb, long n, long subA, long out);
    static native int bnb_lt_load(long ctx, String path);
    static native int bnb_int8_linear_matmul(long ctx, long a, long b, long c, long m, long n, long k);

    // ------------------------------------------------------------------ optimizers
    static native int bnb_optimizer_32bit(long ctx, int dtype, int kind, long g, long p, long s1, long s2, long unorm, long n,
                                          float[] hyper, int step, int skipZeros);
    static native int bnb_optimizer_8bit(long ctx, int dtype, int kind, long g, long p, long s1, long s2, long qmap1, long qmap2,
                                         long absmax1, long absmax2, long n, float[] hyper, int step, int skipZeros);
    static native int bnb_gnorm_record(long ctx, int dtype, long g, long n, long gnormVec, int step);
}
