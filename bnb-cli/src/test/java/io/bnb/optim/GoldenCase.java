package io.bnb.optim;

import io.bnb.api.Backend;
import io.bnb.api.Tensor;
import io.bnb.safetensors.SafetensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * The optimizer trajectories recorded from upstream bitsandbytes 0.50.2 on an H100 (12 365
 * parameters, 5 gradient steps, lr 1e-3, eps 1e-8), and the optimizer configurations that
 * reproduce them through the Java classes.
 */
final class GoldenCase {
    static final int STEPS = 5;

    static SafetensorsFile open() {
        try {
            var url = GoldenCase.class.getResource("/golden/optim_golden.safetensors");
            if ("file".equals(url.getProtocol())) return SafetensorsFile.open(Path.of(url.toURI()));
            // inside a jar (e.g. the GPU run through the console launcher): map a temporary copy
            Path tmp = java.nio.file.Files.createTempFile("optim_golden", ".safetensors");
            tmp.toFile().deleteOnExit();
            try (var in = url.openStream()) {
                java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return SafetensorsFile.open(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key prefix "optim8.adam_wd0.01" etc. and a factory of the matching optimizer. */
    record Config(String name, double wd, IntFunction<Optimizer> factory) {
        String key(int bits) { return "optim" + bits + "." + name + "_wd" + (wd == 0 ? "0.0" : Double.toString(wd)); }
    }

    /** The seven recorded configurations (README of the goldens: adam wd 0/0.01, momentum .9, rmsprop .99, lion, adagrad, ademamix). */
    static Config[] configs() {
        return new Config[] {
            new Config("adam", 0.0, bits -> Adam.builder().lr(1e-3).eps(1e-8).bits(bits).build()),
            new Config("adam", 0.01, bits -> AdamW.builder().lr(1e-3).eps(1e-8).weightDecay(0.01).bits(bits).build()),
            new Config("momentum", 0.0, bits -> SGD.builder().lr(1e-3).momentum(0.9).bits(bits).build()),
            new Config("rmsprop", 0.0, bits -> RMSprop.builder().lr(1e-3).alpha(0.99).eps(1e-8).bits(bits).build()),
            new Config("lion", 0.0, bits -> Lion.builder().lr(1e-3).betas(0.9, 0.99).bits(bits).build()),
            new Config("adagrad", 0.0, bits -> Adagrad.builder().lr(1e-3).eps(1e-8).bits(bits).build()),
            new Config("ademamix", 0.0, bits -> AdEMAMix.builder().lr(1e-3).eps(1e-8).weightDecay(0).bits(bits).build()),
        };
    }

    /** Runs the five recorded steps through {@code opt}; returns the parameter tensor (caller closes). */
    static Tensor run(Backend b, SafetensorsFile f, Optimizer opt) {
        Tensor p = b.upload(f.get("optim.p0").floats(), 12365);
        try (Tensor g = b.allocate(io.bnb.api.DType.F32, 12365)) {
            opt.add(p, g);
            for (int s = 0; s < STEPS; s++) {
                try (Tensor gs = b.upload(f.get("optim.g" + s).floats(), 12365)) {
                    b.copyDevice(gs, g);
                }
                opt.step();
            }
            opt.setGrad(p, null);
        }
        return p;
    }
}
