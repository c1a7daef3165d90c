package io.bnb.conformance.check;

import io.bnb.api.DType;
import io.bnb.api.Half;

/** Floating-point helpers: rounding to a dtype, its epsilon, error statistics. */
public final class Num {
    private Num() {}

    public static float round(float f, DType d) { return Half.round(f, d); }

    public static float[] round(float[] x, DType d) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Half.round(x[i], d);
        return out;
    }

    /** Machine epsilon of a float dtype. */
    public static double eps(DType d) {
        return switch (d) {
            case F32 -> 0x1p-23;
            case F16 -> 0x1p-10;
            case BF16 -> 0x1p-7;
            default -> throw new IllegalArgumentException("dtype " + d);
        };
    }

    /** Spacing of {@code d} values at magnitude |x| (subnormals ignored). */
    public static double ulp(float x, DType d) {
        double ax = Math.abs(x);
        if (ax == 0) return Float.MIN_NORMAL;
        return Math.scalb(eps(d), Math.getExponent((float) ax));
    }

    public static double meanAbs(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs((double) a[i] - b[i]);
        return s / a.length;
    }

    public static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    /** Upstream's relative error: mean(|a − ref| / (|ref| + tiny)). */
    public static double meanRel(float[] ref, float[] a, double tiny) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs((double) a[i] - ref[i]) / (Math.abs(ref[i]) + tiny);
        return s / a.length;
    }

    public static double rms(float[] a) {
        double s = 0;
        for (float v : a) s += (double) v * v;
        return Math.sqrt(s / Math.max(1, a.length));
    }

    public static boolean allFinite(float[] a) {
        for (float v : a) if (!Float.isFinite(v)) return false;
        return true;
    }

    /** {@code out[m][n] = Σ_k a[m][k]·w[n][k]} in double, rounded to float. */
    public static float[] linear(float[] a, float[] w, int m, int n, int k) {
        float[] out = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < k; q++) s += (double) a[i * k + q] * w[j * k + q];
                out[i * n + j] = (float) s;
            }
        return out;
    }

    /** Like {@link #linear} with float32 accumulation (what the kernels do). */
    public static float[] linearF32(float[] a, float[] w, int m, int n, int k) {
        float[] out = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int q = 0; q < k; q++) s += a[i * k + q] * w[j * k + q];
                out[i * n + j] = s;
            }
        return out;
    }
}
