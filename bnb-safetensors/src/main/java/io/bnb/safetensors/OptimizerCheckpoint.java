package io.bnb.safetensors;

import io.bnb.api.Backend;
import io.bnb.api.Tensor;
import io.bnb.optim.Optimizer;
import io.bnb.optim.OptimizerState;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and restores an optimizer's state ({@link Optimizer#stateDict()}) as a safetensors file:
 * the state tensors under their {@link OptimizerState} keys and the step counters and group
 * hyper-parameters in {@code __metadata__}. Restoring continues training bit-identically.
 * Files are written to a temporary sibling and moved into place, so an interrupted save never
 * leaves a truncated checkpoint behind.
 */
public final class OptimizerCheckpoint {
    private OptimizerCheckpoint() {}

    /** Writes {@code opt}'s state to {@code file} (replacing it). */
    public static void save(Optimizer opt, Path file) throws IOException {
        if (opt == null) throw new IllegalArgumentException("optimizer must not be null");
        write(opt.stateDict(), file);
    }

    /**
     * Restores {@code opt} from {@code file}: each tensor is uploaded to its parameter's backend
     * and handed to {@link Optimizer#loadStateDict}, which validates everything before changing
     * anything.
     */
    public static void load(Optimizer opt, Path file) throws IOException {
        if (opt == null) throw new IllegalArgumentException("optimizer must not be null");
        List<Tensor> params = opt.parameters();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.names()) {
                SafetensorsFile.Entry e = f.get(name);
                Backend b = params.get(paramIndex(file, name, params.size())).backend();
                tensors.put(name, b.upload(e.data(), e.dtype(), e.shape()));
            }
            opt.loadStateDict(new OptimizerState(tensors, f.metadata()));
        } finally {
            for (Tensor t : tensors.values()) t.close();
        }
    }

    private static int paramIndex(Path file, String name, int nParams) throws IOException {
        int dot = name.indexOf('.', 6);
        if (name.startsWith("state.") && dot > 6) {
            try {
                int i = Integer.parseInt(name.substring(6, dot));
                if (i >= 0 && i < nParams) return i;
                throw new IOException(file + ": tensor '" + name + "' refers to parameter " + i + ", the optimizer has " + nParams);
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IOException(file + ": tensor '" + name + "' is not optimizer state (expected state.<i>.<name>)");
    }

    /** Writes any optimizer state as safetensors (tensors of any backend are downloaded one at a time). */
    public static void write(OptimizerState state, Path file) throws IOException {
        if (state == null) throw new IllegalArgumentException("state must not be null");
        if (file == null) throw new IllegalArgumentException("file must not be null");
        for (var e : state.tensors().entrySet())
            if (e.getValue().isClosed()) throw new IllegalStateException("tensor '" + e.getKey() + "' is closed");
        try (SafetensorsWriter w = SafetensorsWriter.create(file)) {
            state.metadata().forEach(w::metadata);
            for (var e : state.tensors().entrySet()) {
                Tensor t = e.getValue();
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buf = arena.allocate(Math.max(1, t.byteSize()), 64).asSlice(0, t.byteSize());
                    t.backend().download(t, buf);
                    w.add(e.getKey(), t.dtype(), t.shape(), buf);
                }
            }
            w.commit();
        }
    }
}
