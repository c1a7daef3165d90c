package io.bnb.safetensors.hf;

import com.grack.nanojson.JsonObject;
import io.bnb.api.*;
import io.bnb.functional.Packed4bit;
import io.bnb.functional.Quant4;
import io.bnb.safetensors.Checkpoint;
import io.bnb.safetensors.SafetensorsFile;
import io.bnb.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointConverterTest {
    final Backend cpu = Bnb.backend("cpu");

    @TempDir
    Path dir;
    Path model;

    static final String CONFIG = "{\"model_type\": \"llama\", \"dtype\": \"bfloat16\", \"hidden_size\": 64, \"rms_norm_eps\": 1e-06}";

    static float[] randn(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 0.05);
        return v;
    }

    /** A small bf16 "model": embeddings, norms, two linear layers per block, lm_head; optionally sharded. */
    private Path makeModel(String name, boolean sharded) throws IOException {
        Path m = Files.createDirectories(dir.resolve(name));
        Files.writeString(m.resolve("config.json"), CONFIG);
        Files.writeString(m.resolve("tokenizer.json"), "{}");
        Map<String, long[]> tensors = new LinkedHashMap<>();
        tensors.put("model.embed_tokens.weight", new long[]{32, 64});
        for (int l = 0; l < 2; l++) {
            tensors.put("model.layers." + l + ".input_layernorm.weight", new long[]{64});
            tensors.put("model.layers." + l + ".self_attn.q_proj.weight", new long[]{64, 64});
            tensors.put("model.layers." + l + ".mlp.down_proj.weight", new long[]{64, 96});
        }
        tensors.put("lm_head.weight", new long[]{32, 64});
        List<String> names = new ArrayList<>(tensors.keySet());
        List<List<String>> shards = sharded ? List.of(names.subList(0, 4), names.subList(4, names.size())) : List.of(names);
        Map<String, Object> weightMap = new TreeMap<>();
        long seed = 1;
        for (int s = 0; s < shards.size(); s++) {
            String file = sharded ? String.format("model-%05d-of-%05d.safetensors", s + 1, shards.size()) : "model.safetensors";
            try (SafetensorsWriter w = SafetensorsWriter.create(m.resolve(file))) {
                for (String n : shards.get(s)) {
                    long[] shape = tensors.get(n);
                    w.add(n, DType.BF16, shape, HostArrays.fromFloats(randn((int) Shapes.numel(shape), seed++), DType.BF16));
                    weightMap.put(n, file);
                }
                w.commit();
            }
        }
        if (sharded) Files.writeString(m.resolve(Checkpoint.INDEX), PyJson.dumps(Map.of("metadata", Map.of("total_size", 0), "weight_map", weightMap)));
        return m;
    }

    @BeforeEach
    void setUp() throws IOException {
        model = makeModel("model", false);
    }

    private List<String> listing(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void nf4DoubleQuantLayoutAndConfig() throws IOException {
        Path out = dir.resolve("nf4");
        var opts = ConversionOptions.of(ConversionOptions.Target.NF4).withDoubleQuant(true).withComputeDtype(DType.BF16);
        var s = CheckpointConverter.convert(cpu, model, out, opts, false, null);
        assertEquals(4, s.quantized());
        assertEquals(8, s.tensors());
        assertTrue(s.bytesAfter() < s.bytesBefore() / 2, s.toString());
        assertTrue(s.relativeError() > 0.01 && s.relativeError() < 0.2, "NF4 relative error " + s.relativeError());
        assertEquals(List.of("config.json", "model.safetensors", "tokenizer.json"), listing(out));
        assertEquals(List.of("model", "nf4"), listing(dir), "no scratch directories left");
        try (Checkpoint in = Checkpoint.open(model); Checkpoint c = Checkpoint.open(out)) {
            String q = "model.layers.1.self_attn.q_proj.weight";
            Set<String> expected = new TreeSet<>(Bnb4bitFormat.keys(q, Bnb4bitFormat.readJson(c, q)));
            assertEquals(Set.of(q, q + ".absmax", q + ".quant_map", q + ".nested_absmax", q + ".nested_quant_map", q + ".quant_state.bitsandbytes__nf4"), expected);
            assertEquals(DType.BF16, c.get("lm_head.weight").dtype(), "lm_head kept");
            assertArrayEquals(in.get("model.embed_tokens.weight").bytes(), c.get("model.embed_tokens.weight").bytes());
            // the stored weight dequantizes to what quantizing the input gives
            try (Tensor w = cpu.upload(in.get(q).data(), DType.BF16, 64, 64); Packed4bit ref = Quant4.quantize(cpu, w, QuantType.NF4, 64, true);
                 Packed4bit got = Bnb4bitFormat.load(cpu, c, q)) {
                assertArrayEquals(cpu.downloadBytes(ref.data()), cpu.downloadBytes(got.data()));
            }
            JsonObject cfg = c.config().orElseThrow();
            assertEquals(QuantizationConfig.fourBit(QuantType.NF4, true, DType.BF16, null), QuantizationConfig.fromConfig(cfg).orElseThrow());
            assertEquals(1e-06, cfg.getDouble("rms_norm_eps"));
            assertTrue(Files.readString(out.resolve("config.json")).contains("\"rms_norm_eps\": 1e-06\n"));
        }
    }

    @Test
    void int8AndBackToFloat() throws IOException {
        Path q8 = dir.resolve("int8"), back = dir.resolve("back");
        var s = CheckpointConverter.convert(cpu, model, q8, ConversionOptions.of(ConversionOptions.Target.INT8), false, null);
        assertEquals(4, s.quantized());
        assertTrue(s.relativeError() < 0.01, "int8 relative error " + s.relativeError());
        try (Checkpoint c = Checkpoint.open(q8)) {
            String m = "model.layers.0.mlp.down_proj";
            assertEquals(DType.I8, c.get(m + ".weight").dtype());
            assertEquals(DType.F32, c.get(m + ".SCB").dtype());
            assertEquals(DType.U8, c.get(m + ".weight_format").dtype());
            assertTrue(QuantizationConfig.fromConfig(c.config().orElseThrow()).orElseThrow().loadIn8bit());
        }
        var s2 = CheckpointConverter.convert(cpu, q8, back, ConversionOptions.of(ConversionOptions.Target.NONE), false, null);
        assertEquals(4, s2.dequantized());
        try (Checkpoint c = Checkpoint.open(back); Checkpoint in = Checkpoint.open(model)) {
            assertEquals(in.names(), c.names());
            assertTrue(c.config().orElseThrow().get("quantization_config") == null);
            String w = "model.layers.0.mlp.down_proj.weight";
            assertEquals(DType.BF16, c.get(w).dtype());
            float[] a = in.get(w).floats(), b = c.get(w).floats();
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 0.01 * 0.05 * 5 + Math.abs(a[i]) * 0.01);
        }
    }

    @Test
    void shardedInputKeepsItsShardsAndIndex() throws IOException {
        Path sharded = makeModel("sharded", true), out = dir.resolve("sharded-fp4");
        var s = CheckpointConverter.convert(cpu, sharded, out, ConversionOptions.of(ConversionOptions.Target.FP4).withBlocksize(128), false, null);
        assertEquals(4, s.quantized());
        assertTrue(Files.exists(out.resolve("model-00001-of-00002.safetensors")) && Files.exists(out.resolve("model-00002-of-00002.safetensors")));
        try (Checkpoint c = Checkpoint.open(out)) {
            assertTrue(c.isSharded());
            assertTrue(c.contains("model.layers.1.mlp.down_proj.weight.quant_state.bitsandbytes__fp4"));
            assertEquals(128, Bnb4bitFormat.readJson(c, "model.layers.1.mlp.down_proj.weight").blocksize());
            JsonObject idx = Checkpoint.readJson(out.resolve(Checkpoint.INDEX));
            long total = 0;
            for (String n : c.names()) total += c.get(n).data().byteSize();
            assertEquals(total, idx.getObject("metadata").getLong("total_size"));
        }
    }

    @Test
    void skipPatternIsRecordedForTransformers() throws IOException {
        Path out = dir.resolve("skip");
        var s = CheckpointConverter.convert(cpu, model, out, ConversionOptions.of(ConversionOptions.Target.NF4).withSkip(Pattern.compile("down_proj")), false, null);
        assertEquals(2, s.quantized());
        assertEquals(List.of("model.layers.0.mlp.down_proj", "model.layers.1.mlp.down_proj"), s.skippedLinear());
        try (Checkpoint c = Checkpoint.open(out)) {
            assertEquals(List.of("lm_head", "model.layers.0.mlp.down_proj", "model.layers.1.mlp.down_proj"),
                    QuantizationConfig.fromConfig(c.config().orElseThrow()).orElseThrow().skipModules());
            assertEquals(DType.BF16, c.get("model.layers.0.mlp.down_proj.weight").dtype());
        }
    }

    @Test
    void singleFileInAndOut() throws IOException {
        Path out = dir.resolve("one.safetensors");
        CheckpointConverter.convert(cpu, model.resolve("model.safetensors"), out, ConversionOptions.of(ConversionOptions.Target.NF4), false, null);
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertTrue(Bnb4bitFormat.isQuantized(f, "model.layers.0.self_attn.q_proj.weight"));
            assertEquals("pt", f.metadata().get("format"));
        }
    }

    @Test
    void failuresLeaveNoOutput() throws IOException {
        // an existing output is refused before any work
        Path exists = Files.createDirectories(dir.resolve("exists"));
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> CheckpointConverter.convert(cpu, model, exists, ConversionOptions.of(ConversionOptions.Target.NF4), false, null));
        // a truncated input fails while opening: nothing written
        Path bad = makeModel("bad", false);
        Path f = bad.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 100));
        Path out = dir.resolve("out-bad");
        var e = assertThrows(IOException.class, () -> CheckpointConverter.convert(cpu, bad, out, ConversionOptions.of(ConversionOptions.Target.NF4), false, null));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // a failure in the middle (an unquantizable linear weight) removes the partial directory
        Path weird = Files.createDirectories(dir.resolve("weird"));
        Files.writeString(weird.resolve("config.json"), CONFIG);
        try (SafetensorsWriter w = SafetensorsWriter.create(weird.resolve("model.safetensors"))) {
            w.add("a.norm.weight", DType.F32, new long[]{4}, new byte[16]);
            w.add("z.proj.weight", DType.I32, new long[]{2, 2}, new byte[16]);
            w.commit();
        }
        Path out2 = dir.resolve("out-weird");
        assertThrows(IllegalArgumentException.class, () -> CheckpointConverter.convert(cpu, weird, out2, ConversionOptions.of(ConversionOptions.Target.NF4), false, null));
        assertEquals(List.of("bad", "exists", "model", "weird"), listing(dir), "no output and no scratch directory");
        // replacing with force works and leaves no backup behind
        CheckpointConverter.convert(cpu, model, exists, ConversionOptions.of(ConversionOptions.Target.NF4), true, null);
        assertTrue(Files.exists(exists.resolve("model.safetensors")));
        assertEquals(List.of("bad", "exists", "model", "weird"), listing(dir));
    }
}
