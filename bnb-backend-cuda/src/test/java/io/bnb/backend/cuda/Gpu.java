package io.bnb.backend.cuda;

import io.bnb.api.*;
import io.bnb.safetensors.SafetensorsFile;
import io.bnb.spi.Availability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared pieces of the tests that need a GPU: they skip (with the reason) everywhere else. */
final class Gpu {
    private Gpu() {}

    private static SafetensorsFile golden;

    /** The CUDA backend as users get it (host-fallback wrapper included); skips without a GPU. */
    static Backend cuda() {
        Availability a = new CudaProvider().probe();
        assumeTrue(a.available(), "no usable CUDA device: " + a.reason());
        return Bnb.backend("cuda");
    }

    static Backend cpu() { return Bnb.backend("cpu"); }

    /** The upstream goldens (copied from the shared golden set into test resources). */
    static synchronized SafetensorsFile golden() {
        if (golden != null) return golden;
        try (InputStream in = Gpu.class.getResourceAsStream("/golden/golden_dev.safetensors")) {
            if (in == null) throw new IllegalStateException("golden_dev.safetensors missing from test resources");
            Path tmp = Files.createTempFile("golden_dev", ".safetensors");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return golden = SafetensorsFile.open(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Tensor up(Backend b, String key) {
        var e = golden().get(key);
        return b.upload(e.data(), e.dtype(), e.shape());
    }

    static float[] floats(String key) { return golden().get(key).floats(); }

    static byte[] bytes(String key) { return golden().get(key).bytes(); }

    /** Runs a CPU-backend op, skipping the test while that op is not implemented there yet. */
    static <T> T onCpu(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (UnsupportedOperationException e) {
            abort("CPU reference not available yet: " + e.getMessage());
            return null;
        }
    }

    static float[] randn(long seed, int n, float scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller: deterministic normal samples without java.util.Random's synchronisation
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2)) * scale;
        }
        return v;
    }

    static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** The raw bits of a float tensor's values after rounding to its dtype. */
    static int[] bits(float[] v) {
        int[] o = new int[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Float.floatToRawIntBits(v[i]);
        return o;
    }
}
