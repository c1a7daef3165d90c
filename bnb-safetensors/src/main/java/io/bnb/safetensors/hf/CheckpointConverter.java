package io.bnb.safetensors.hf;

import com.grack.nanojson.JsonObject;
import io.bnb.api.*;
import io.bnb.functional.Packed4bit;
import io.bnb.functional.Quant4;
import io.bnb.safetensors.*;

import java.io.IOException;
import java.nio.file.*;
import java.util.*;
import java.util.stream.Stream;

/**
 * Converts a checkpoint (one safetensors file, or a directory with config.json and one or more
 * shards) into a bitsandbytes checkpoint transformers loads — NF4/FP4 (optionally double-quantized)
 * or LLM.int8 linear layers, everything else copied — or back into a float checkpoint. Works one
 * tensor at a time (memory-mapped input, streamed output), writes shard for shard with the input's
 * shard names, updates {@code quantization_config} in config.json and the shard index, and only
 * makes the output appear once everything succeeded (a hidden sibling directory renamed into place;
 * a single file through {@link SafetensorsWriter}).
 */
public final class CheckpointConverter {
    private CheckpointConverter() {}

    /** Progress callbacks (e.g. a progress bar); all default to no-ops. */
    public interface Progress {
        default void begin(int tensors, long bytes) { }

        default void step(String name, long bytes, String action) { }

        default void end() { }
    }

    /**
     * @param tensors        logical tensors read (a quantized weight with its statistics counts once)
     * @param quantized      weights written quantized
     * @param dequantized    bitsandbytes weights of the input written as floats
     * @param bytesBefore    tensor bytes of the input
     * @param bytesAfter     tensor bytes of the output
     * @param meanAbsError   mean |dequantized − original| over all quantized elements
     * @param maxAbsError    largest such difference
     * @param relativeError  Σ|error| / Σ|original| over the quantized elements
     * @param skippedLinear  linear modules the skip pattern kept unquantized
     */
    public record Summary(int tensors, int quantized, int dequantized, long bytesBefore, long bytesAfter, long quantizedElements,
                          double meanAbsError, double maxAbsError, double relativeError, List<String> skippedLinear) {}

    static final Set<String> WEIGHT_FILE_SUFFIXES = Set.of(".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".h5", ".msgpack");

    public static Summary convert(Backend b, Path in, Path out, ConversionOptions o, boolean overwrite, Progress progress) throws IOException {
        Objects.requireNonNull(b, "backend");
        Objects.requireNonNull(o, "options");
        Progress p = progress == null ? new Progress() { } : progress;
        Path absIn = in.toAbsolutePath().normalize(), absOut = out.toAbsolutePath().normalize();
        if (absIn.equals(absOut)) throw new IllegalArgumentException("output must differ from the input " + in);
        if (Files.exists(absOut, LinkOption.NOFOLLOW_LINKS) && !overwrite)
            throw new FileAlreadyExistsException(out.toString(), null, "output exists (use --force to replace it)");
        if (absOut.getParent() == null || !Files.isDirectory(absOut.getParent()))
            throw new NoSuchFileException(String.valueOf(absOut.getParent()), null, "output directory does not exist");
        try (Checkpoint ck = Checkpoint.open(absIn)) {
            boolean dir = Files.isDirectory(absIn);
            if (!dir && Files.isDirectory(absOut)) throw new FileAlreadyExistsException(out.toString(), null, "input is a file, output is a directory");
            Job job = new Job(b, ck, o, p);
            if (!dir) {
                try (SafetensorsWriter w = SafetensorsWriter.create(absOut)) {
                    job.writeShard(ck.names(), w);
                    w.commit();
                }
                p.end();
                return job.summary();
            }
            Path tmp = Files.createTempDirectory(absOut.getParent(), "." + absOut.getFileName() + ".tmp-");
            try {
                AtomicFiles.publish(tmp);
                job.writeDirectory(absIn, tmp);
                replace(tmp, absOut);
                tmp = null;
            } finally {
                if (tmp != null) deleteTree(tmp);
            }
            p.end();
            return job.summary();
        }
    }

    /** Renames {@code tmp} onto {@code out}; an existing {@code out} is moved aside first and deleted only after the swap. */
    private static void replace(Path tmp, Path out) throws IOException {
        Path old = null;
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            old = out.resolveSibling("." + out.getFileName() + ".old-" + System.nanoTime());
            Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) Files.move(old, out, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        if (old != null) deleteTree(old);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    /** The state of one conversion. */
    private static final class Job {
        final Backend b;
        final Checkpoint ck;
        final ConversionOptions o;
        final Progress p;
        final LinearSelector selector;
        final DType int8Dtype;
        int tensors, quantized, dequantized;
        long before, after, elements;
        double absErr, maxErr, absRef;
        final Set<String> skippedLinear = new TreeSet<>();

        Job(Backend b, Checkpoint ck, ConversionOptions o, Progress p) {
            this.b = b;
            this.ck = ck;
            this.o = o;
            this.p = p;
            this.selector = new LinearSelector(o.skip());
            JsonObject cfg = ck.config().orElse(null);
            String dt = cfg == null ? null : cfg.get("dtype") instanceof String s ? s : cfg.get("torch_dtype") instanceof String s2 ? s2 : null;
            DType d = dt == null ? DType.F16 : TorchDtype.parse(dt);
            int8Dtype = d.isFloat() ? d : DType.F16;
            List<String> logical = logicalNames(ck.names());
            long bytes = 0;
            for (String n : ck.names()) bytes += ck.get(n).data().byteSize();
            p.begin(logical.size(), bytes);
        }

        Summary summary() {
            return new Summary(tensors, quantized, dequantized, before, after, elements, elements == 0 ? 0 : absErr / elements, maxErr,
                    absRef == 0 ? 0 : absErr / absRef, List.copyOf(skippedLinear));
        }

        List<String> logicalNames(Collection<String> names) {
            return BnbLayout.logicalNames(ck, names);
        }

        void writeDirectory(Path in, Path tmp) throws IOException {
            if (ck.isSharded()) {
                Map<String, String> weightMap = new TreeMap<>();
                long total = 0;
                for (SafetensorsFile shard : ck.shards()) {
                    String file = shard.path().getFileName().toString();
                    try (SafetensorsWriter w = SafetensorsWriter.create(tmp.resolve(file))) {
                        List<String> names = writeShard(shard.names(), w);
                        w.commit();
                        for (String n : names) weightMap.put(n, file);
                    }
                    try (SafetensorsFile written = SafetensorsFile.open(tmp.resolve(file))) {
                        for (String n : written.names()) total += written.get(n).data().byteSize();
                    }
                }
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("total_size", total);
                Map<String, Object> index = new LinkedHashMap<>();
                index.put("metadata", meta);
                index.put("weight_map", new LinkedHashMap<String, Object>(weightMap));
                AtomicFiles.writeString(tmp.resolve(Checkpoint.INDEX), PyJson.dumpsIndented(index) + "\n");
            } else {
                SafetensorsFile only = ck.shards().get(0);
                try (SafetensorsWriter w = SafetensorsWriter.create(tmp.resolve(only.path().getFileName().toString()))) {
                    writeShard(only.names(), w);
                    w.commit();
                }
            }
            if (ck.config().isPresent()) {
                JsonObject cfg = new JsonObject(ck.config().get());
                if (o.target() == ConversionOptions.Target.NONE) cfg.remove("quantization_config");
                else cfg.put("quantization_config", quantizationConfig().toJson());
                AtomicFiles.writeString(tmp.resolve(Checkpoint.CONFIG), PyJson.dumpsIndented(cfg) + "\n");
            }
            try (Stream<Path> s = Files.list(in)) {
                for (Path f : s.toList()) {
                    String name = f.getFileName().toString();
                    if (!Files.isRegularFile(f) || name.equals(Checkpoint.CONFIG) || name.equals(Checkpoint.INDEX)) continue;
                    if (WEIGHT_FILE_SUFFIXES.stream().anyMatch(name::endsWith)) continue;
                    Files.copy(f, tmp.resolve(name));
                    AtomicFiles.publish(tmp.resolve(name));
                }
            }
        }

        QuantizationConfig quantizationConfig() {
            List<String> skip = null;
            if (!skippedLinear.isEmpty()) {
                Set<String> s = new TreeSet<>(skippedLinear);
                for (String n : ck.names()) {
                    String m = LinearSelector.module(n);
                    if (m != null && ck.get(n).rank() == 2 && m.substring(m.lastIndexOf('.') + 1).equals("lm_head")) s.add(m);
                }
                skip = List.copyOf(s);
            }
            return o.target() == ConversionOptions.Target.INT8
                    ? QuantizationConfig.eightBit(o.threshold(), skip)
                    : QuantizationConfig.fourBit(o.target().quantType(), o.doubleQuant(), o.computeDtype(), skip);
        }

        /** Converts the logical tensors among {@code names} into {@code w}; returns the names written. */
        List<String> writeShard(Collection<String> names, SafetensorsWriter w) throws IOException {
            w.metadata("format", "pt");
            List<String> written = new ArrayList<>();
            for (String n : logicalNames(names)) {
                before += convertOne(n, w, written);
                tensors++;
            }
            return written;
        }

        private long convertOne(String n, SafetensorsWriter w, List<String> written) throws IOException {
            boolean q4 = Bnb4bitFormat.isQuantized(ck, n);
            String module8 = LinearSelector.module(n);
            boolean q8 = module8 != null && Bnb8bitFormat.isQuantized(ck, module8);
            SafetensorsFile.Entry e = ck.get(n);
            long inBytes = e.data().byteSize();
            if (q4) for (String k : Bnb4bitFormat.keys(n, Bnb4bitFormat.readJson(ck, n))) if (!k.equals(n)) inBytes += ck.get(k).data().byteSize();
            if (q8) for (String k : List.of(module8 + ".SCB", module8 + ".weight_format")) if (ck.contains(k)) inBytes += ck.get(k).data().byteSize();
            long[] shape = q4 ? Bnb4bitFormat.readJson(ck, n).shape() : e.shape();
            boolean linear = LinearSelector.isLinear(n, shape);
            boolean target = o.target() != ConversionOptions.Target.NONE && linear && selector.quantize(n, shape);
            if (linear && o.target() != ConversionOptions.Target.NONE && selector.userSkips(n)) skippedLinear.add(module8);
            if (!q4 && !q8 && !target) {
                w.add(n, e.dtype(), e.shape(), e.data());
                written.add(n);
                after += inBytes;
                p.step(n, inBytes, "copied");
                return inBytes;
            }
            if (!q4 && !q8 && !e.dtype().isFloat())
                throw new IllegalArgumentException(n + ": cannot quantize a " + e.dtype() + " tensor");
            try (Tensor src = floatSource(n, e, q4, q8, module8)) {
                if (target) {
                    quantizeInto(n, src, w, written);
                    quantized++;
                    p.step(n, inBytes, o.target().name().toLowerCase(Locale.ROOT));
                } else {
                    DType dt = o.floatDtype() != null ? o.floatDtype() : src.dtype();
                    float[] v = b.downloadFloats(src);
                    var seg = HostArrays.fromFloats(v, dt);
                    w.add(n, dt, shape, seg);
                    written.add(n);
                    after += seg.byteSize();
                    dequantized++;
                    p.step(n, inBytes, "dequantized");
                }
            }
            return inBytes;
        }

        /** The tensor as floats on the backend: uploaded as is, or dequantized from its bitsandbytes form. */
        private Tensor floatSource(String n, SafetensorsFile.Entry e, boolean q4, boolean q8, String module) {
            if (q4) {
                try (Packed4bit pk = Bnb4bitFormat.load(b, ck, n)) {
                    return Quant4.dequantize(b, pk.data(), pk.state());
                }
            }
            if (q8) {
                try (Bnb8bitFormat.Int8Weight iw = Bnb8bitFormat.load(b, ck, module); Tensor f32 = b.int8VectorwiseDequant(iw.cb(), iw.scb())) {
                    return b.upload(b.downloadFloats(f32), int8Dtype, iw.cb().shape());
                }
            }
            return b.upload(e.data(), e.dtype(), e.shape());
        }

        private void quantizeInto(String n, Tensor src, SafetensorsWriter w, List<String> written) throws IOException {
            float[] ref = b.downloadFloats(src);
            float[] deq;
            if (o.target().is4bit()) {
                try (Packed4bit pk = Quant4.quantize(b, src, o.target().quantType(), o.blocksize(), o.doubleQuant())) {
                    Bnb4bitFormat.write(w, b, n, pk);
                    QuantStateJson js = QuantStateJson.of(pk.state());
                    written.addAll(Bnb4bitFormat.keys(n, js));
                    after += pk.data().byteSize() + pk.state().absmax().byteSize() + pk.state().code().byteSize() + js.toBytes().length
                            + (pk.state().isNested() ? pk.state().nested().absmax().byteSize() + pk.state().nested().code().byteSize() : 0);
                    try (Tensor d = Quant4.dequantize(b, pk.data(), pk.state())) {
                        deq = b.downloadFloats(d);
                    }
                }
            } else {
                String module = LinearSelector.module(n);
                Tensor h = src.dtype() == DType.F16 ? src : b.upload(ref, DType.F16, src.shape());
                try (Int8Quantized q = b.int8VectorwiseQuant(h, 0f)) {
                    Bnb8bitFormat.write(w, b, module, q.data(), q.rowStats());
                    written.addAll(List.of(module + ".weight", module + ".SCB", module + ".weight_format"));
                    after += q.data().byteSize() + q.rowStats().byteSize() + 1;
                    try (Tensor d = b.int8VectorwiseDequant(q.data(), q.rowStats())) {
                        deq = b.downloadFloats(d);
                    }
                } finally {
                    if (h != src) h.close();
                }
            }
            for (int i = 0; i < ref.length; i++) {
                double err = Math.abs((double) deq[i] - ref[i]);
                absErr += err;
                absRef += Math.abs(ref[i]);
                maxErr = Math.max(maxErr, err);
            }
            elements += ref.length;
        }
    }
}
