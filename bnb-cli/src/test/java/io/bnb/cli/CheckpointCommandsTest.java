package io.bnb.cli;

import io.bnb.api.DType;
import io.bnb.api.HostArrays;
import io.bnb.safetensors.Checkpoint;
import io.bnb.safetensors.SafetensorsFile;
import io.bnb.safetensors.SafetensorsWriter;
import io.bnb.safetensors.hf.Bnb4bitFormat;
import io.bnb.safetensors.hf.QuantizationConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** quantize, inspect and llama end to end on a small random Llama checkpoint, in process. */
class CheckpointCommandsTest {
    @TempDir
    static Path dir;
    static Path model;

    record Result(int code, String out, String err) {}

    static Result bnb(String... args) {
        PrintStream o = System.out, e = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new BnbCommand()).execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    /** One-layer Llama: hidden 64, 4 heads of 16 with 2 KV heads, MLP 128, vocab 96, bf16, untied lm_head. */
    @BeforeAll
    static void randomLlama() throws IOException {
        model = Files.createDirectories(dir.resolve("llama-bf16"));
        Files.writeString(model.resolve("config.json"), """
                {"architectures": ["LlamaForCausalLM"], "dtype": "bfloat16", "head_dim": 16, "hidden_act": "silu", "hidden_size": 64,
                 "intermediate_size": 128, "model_type": "llama", "num_attention_heads": 4, "num_hidden_layers": 1,
                 "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 10000.0, "tie_word_embeddings": false, "vocab_size": 96}
                """);
        Map<String, long[]> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", new long[]{96, 64});
        t.put("model.layers.0.input_layernorm.weight", new long[]{64});
        t.put("model.layers.0.post_attention_layernorm.weight", new long[]{64});
        t.put("model.layers.0.self_attn.q_proj.weight", new long[]{64, 64});
        t.put("model.layers.0.self_attn.k_proj.weight", new long[]{32, 64});
        t.put("model.layers.0.self_attn.v_proj.weight", new long[]{32, 64});
        t.put("model.layers.0.self_attn.o_proj.weight", new long[]{64, 64});
        t.put("model.layers.0.mlp.gate_proj.weight", new long[]{128, 64});
        t.put("model.layers.0.mlp.up_proj.weight", new long[]{128, 64});
        t.put("model.layers.0.mlp.down_proj.weight", new long[]{64, 128});
        t.put("model.norm.weight", new long[]{64});
        t.put("lm_head.weight", new long[]{96, 64});
        Random r = new Random(42);
        try (SafetensorsWriter w = SafetensorsWriter.create(model.resolve("model.safetensors"))) {
            for (var e : t.entrySet()) {
                int n = (int) Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = e.getKey().contains("norm") ? 1f + 0.1f * (float) r.nextGaussian() : 0.08f * (float) r.nextGaussian();
                w.add(e.getKey(), DType.BF16, e.getValue(), HostArrays.fromFloats(v, DType.BF16));
            }
            w.commit();
        }
    }

    @Test
    void quantizeInspectAndRun() throws IOException {
        Path out = dir.resolve("nf4");
        Result q = bnb("quantize", model.toString(), out.toString(), "--type", "nf4", "--double-quant", "--compute-dtype", "bf16", "--backend", "cpu", "--no-progress");
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().contains("12 tensors: 7 quantized (nf4, block 64, double quant, compute bfloat16)"), q.out());
        assertTrue(q.out().contains("bytes: ") && q.out().contains("mean |err|"), q.out());
        try (Checkpoint c = Checkpoint.open(out)) {
            assertTrue(Bnb4bitFormat.isQuantized(c, "model.layers.0.mlp.down_proj.weight"));
            assertFalse(Bnb4bitFormat.isQuantized(c, "lm_head.weight"));
            var qc = QuantizationConfig.fromConfig(c.config().orElseThrow()).orElseThrow();
            assertTrue(qc.loadIn4bit() && qc.doubleQuant());
        }

        Result i = bnb("inspect", out.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("quantization_config: {\"_load_in_4bit\": true"), i.out());
        assertTrue(i.out().lines().anyMatch(l -> l.startsWith("model.layers.0.mlp.up_proj.weight") && l.contains(" nf4 ") && l.contains("[128, 64]")
                && l.contains("block 64, nested 256")), i.out());
        assertTrue(i.out().contains("12 tensors ({plain=5, nf4=7})"), i.out());

        Path logits = dir.resolve("logits.safetensors");
        Result l = bnb("llama", out.toString(), "--ids", "1,17,42,5", "--backend", "cpu", "--logits-out", logits.toString(), "--generate", "2");
        assertEquals(0, l.code(), l.err());
        assertTrue(l.out().contains("argmax: [") && l.out().contains("generated: ["), l.out());
        try (SafetensorsFile f = SafetensorsFile.open(logits)) {
            assertEquals(Set.of("logits"), f.names());
            assertEquals(DType.F32, f.get("logits").dtype());
            assertArrayEquals(new long[]{1, 4, 96}, f.get("logits").shape());
        }
        // the float model gives nearly the same logits
        Path floatLogits = dir.resolve("float-logits.safetensors");
        assertEquals(0, bnb("llama", model.toString(), "--ids", "1,17,42,5", "--logits-out", floatLogits.toString()).code());
        try (SafetensorsFile a = SafetensorsFile.open(logits); SafetensorsFile b = SafetensorsFile.open(floatLogits)) {
            float[] x = a.get("logits").floats(), y = b.get("logits").floats();
            double diff = 0, norm = 0;
            for (int k = 0; k < x.length; k++) {
                diff += (x[k] - y[k]) * (x[k] - y[k]);
                norm += y[k] * y[k];
            }
            double rel = Math.sqrt(diff / norm);
            // NF4 weights carry ~10% relative error (random weights); the logits follow, they do not blow up
            assertTrue(rel > 0 && rel < 0.3, "NF4 vs bf16 logits: relative RMS difference " + rel);
        }
    }

    @Test
    void int8AndFileOutput() throws IOException {
        Path out = dir.resolve("int8.safetensors");
        Result q = bnb("quantize", model.resolve("model.safetensors").toString(), out.toString(), "--type", "int8", "--skip", "down_proj", "--no-progress");
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().contains("6 quantized (LLM.int8, threshold 6.0)") && q.out().contains("kept unquantized (--skip): model.layers.0.mlp.down_proj"), q.out());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertEquals(DType.I8, f.get("model.layers.0.mlp.up_proj.weight").dtype());
            assertEquals(DType.BF16, f.get("model.layers.0.mlp.down_proj.weight").dtype());
        }
        Result i = bnb("inspect", out.toString());
        assertTrue(i.out().contains("int8") && i.out().contains("row scales"), i.out());
    }

    @Test
    void errorsAreOneLineAndWriteNothing() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("truncated"));
        Files.copy(model.resolve("config.json"), bad.resolve("config.json"));
        byte[] all = Files.readAllBytes(model.resolve("model.safetensors"));
        Files.write(bad.resolve("model.safetensors"), Arrays.copyOf(all, all.length / 2));
        Path out = dir.resolve("never");
        Result q = bnb("quantize", bad.toString(), out.toString(), "--no-progress");
        assertEquals(1, q.code());
        assertTrue(q.err().startsWith("bnb quantize: error: ") && q.err().contains("truncated"), q.err());
        assertEquals(1, q.err().strip().lines().count(), "no stack trace: " + q.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".never")), "no scratch output left");
        }
        assertEquals(1, bnb("quantize", model.toString(), dir.resolve("x").toString(), "--type", "nf5").code());
        assertEquals(1, bnb("quantize", model.toString(), dir.resolve("x").toString(), "--blocksize", "48").code());
        assertFalse(Files.exists(dir.resolve("x")));
        Result exists = bnb("quantize", model.toString(), model.toString(), "--no-progress");
        assertEquals(1, exists.code());
        assertEquals(1, bnb("inspect", bad.toString()).code());
        Result l = bnb("llama", model.toString(), "--ids", "1,999");
        assertEquals(1, l.code());
        assertTrue(l.err().contains("outside [0, 96)"), l.err());
    }
}
