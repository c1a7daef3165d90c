package io.bnb.safetensors;

import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.*;
import java.util.stream.Stream;

/**
 * A Hugging Face style checkpoint: one safetensors file, or a directory holding
 * {@code model.safetensors} or shards listed in {@code model.safetensors.index.json}, with an
 * optional {@code config.json}. All shards are memory-mapped; tensors are looked up by name across
 * them.
 */
public final class Checkpoint implements TensorSource, AutoCloseable {
    /** Name of the shard index transformers writes next to sharded weights. */
    public static final String INDEX = "model.safetensors.index.json";
    public static final String SINGLE = "model.safetensors";
    public static final String CONFIG = "config.json";

    private final Path location;
    private final JsonObject config;
    private final List<SafetensorsFile> shards;
    private final Map<String, SafetensorsFile> byName;
    private final boolean sharded;

    private Checkpoint(Path location, JsonObject config, List<SafetensorsFile> shards, Map<String, SafetensorsFile> byName, boolean sharded) {
        this.location = location;
        this.config = config;
        this.shards = shards;
        this.byName = byName;
        this.sharded = sharded;
    }

    /** Opens a safetensors file or a checkpoint directory. */
    public static Checkpoint open(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            SafetensorsFile f = SafetensorsFile.open(path);
            return new Checkpoint(path, null, List.of(f), index(List.of(f)), false);
        }
        if (!Files.isDirectory(path)) throw new NoSuchFileException(path.toString(), null, "no such checkpoint file or directory");
        JsonObject config = Files.isRegularFile(path.resolve(CONFIG)) ? readJson(path.resolve(CONFIG)) : null;
        Path index = path.resolve(INDEX);
        if (Files.isRegularFile(index)) return openSharded(path, index, config);
        Path single = path.resolve(SINGLE);
        if (!Files.isRegularFile(single)) {
            List<Path> found;
            try (Stream<Path> s = Files.list(path)) {
                found = s.filter(p -> p.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(p)).sorted().toList();
            }
            if (found.size() != 1)
                throw new NoSuchFileException(path.toString(), null, found.isEmpty() ? "no " + SINGLE + ", " + INDEX + " or other .safetensors file"
                        : "several .safetensors files but no " + INDEX);
            single = found.get(0);
        }
        SafetensorsFile f = SafetensorsFile.open(single);
        return new Checkpoint(path, config, List.of(f), index(List.of(f)), false);
    }

    private static Checkpoint openSharded(Path dir, Path index, JsonObject config) throws IOException {
        JsonObject idx = readJson(index);
        if (!(idx.get("weight_map") instanceof JsonObject map) || map.isEmpty())
            throw new SafetensorsFormatException(index, "needs a non-empty 'weight_map' object");
        Map<String, SafetensorsFile> files = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        try {
            for (var e : map.entrySet()) {
                if (!(e.getValue() instanceof String file) || file.contains("/") || file.contains("\\") || file.equals("..") || file.isEmpty())
                    throw new SafetensorsFormatException(index, "weight_map entry '" + e.getKey() + "' must name a file in the same directory, got " + e.getValue());
                SafetensorsFile f = files.get(file);
                if (f == null) {
                    f = SafetensorsFile.open(dir.resolve(file));
                    files.put(file, f);
                }
                if (!f.contains(e.getKey()))
                    throw new SafetensorsFormatException(index, "weight_map says '" + e.getKey() + "' is in " + file + " but that shard has no such tensor");
                byName.put(e.getKey(), f);
            }
            for (SafetensorsFile f : files.values())
                for (String n : f.names())
                    if (!byName.containsKey(n))
                        throw new SafetensorsFormatException(index, "tensor '" + n + "' of shard " + f.path().getFileName() + " is missing from weight_map");
        } catch (IOException | RuntimeException ex) {
            files.values().forEach(SafetensorsFile::close);
            throw ex;
        }
        return new Checkpoint(dir, config, List.copyOf(files.values()), Collections.unmodifiableMap(byName), true);
    }

    private static Map<String, SafetensorsFile> index(List<SafetensorsFile> files) {
        Map<String, SafetensorsFile> m = new LinkedHashMap<>();
        for (SafetensorsFile f : files) for (String n : f.names()) m.put(n, f);
        return Collections.unmodifiableMap(m);
    }

    /** Parses a JSON object file, naming the file in any error. */
    public static JsonObject readJson(Path p) throws IOException {
        try {
            return JsonParser.object().from(Files.readString(p, StandardCharsets.UTF_8));
        } catch (JsonParserException e) {
            throw new SafetensorsFormatException(p, "not a valid JSON object: " + e.getMessage());
        }
    }

    /** The file or directory this checkpoint was opened from. */
    public Path location() { return location; }

    /** The directory's {@code config.json}, if any. */
    public Optional<JsonObject> config() { return Optional.ofNullable(config); }

    /** True when opened through {@code model.safetensors.index.json}. */
    public boolean isSharded() { return sharded; }

    /** The mapped files, in index order. */
    public List<SafetensorsFile> shards() { return shards; }

    /** The shard holding a tensor. */
    public SafetensorsFile shardOf(String name) {
        SafetensorsFile f = byName.get(name);
        if (f == null) throw new NoSuchElementException(location + ": no tensor named '" + name + "'");
        return f;
    }

    @Override
    public Set<String> names() { return byName.keySet(); }

    @Override
    public boolean contains(String name) { return byName.containsKey(name); }

    @Override
    public SafetensorsFile.Entry get(String name) { return shardOf(name).get(name); }

    @Override
    public void close() { shards.forEach(SafetensorsFile::close); }
}
