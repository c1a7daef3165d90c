package io.bnb.llama;

import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.safetensors.Checkpoint;
import io.bnb.safetensors.SafetensorsFile;
import io.bnb.safetensors.hf.*;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import static io.bnb.llama.TinyLlamaTest.resource;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The tiny Llama dequantized to bf16 with our converter, then re-quantized: NF4 with double quant
 * must reproduce transformers' layout exactly; FP4 and LLM.int8 variants must load and run close to
 * the float model.
 */
class VariantsTest {
    @TempDir
    static Path dir;
    static Path original, floats;
    static float[] refNf4, floatLogits;
    static long[] ids;
    static final Backend cpu = Bnb.backend("cpu");

    @BeforeAll
    static void dequantize() throws Exception {
        original = resource("tiny-llama-bnb-nf4");
        floats = dir.resolve("bf16");
        var s = CheckpointConverter.convert(cpu, original, floats, ConversionOptions.of(ConversionOptions.Target.NONE), false, null);
        assertEquals(14, s.dequantized());
        try (SafetensorsFile ref = SafetensorsFile.open(resource("tiny-llama-bnb-nf4/reference_logits.safetensors"))) {
            ids = ref.get("input_ids").longs();
            refNf4 = ref.get("logits_nf4").floats();
        }
        try (LlamaModel m = LlamaModel.load(floats, cpu)) {
            assertEquals(Map.of("bfloat16", 14, "lm_head:bfloat16", 1), m.linearKinds());
            floatLogits = m.forward(ids);
        }
    }

    private static List<String> jsonKeys(byte[] utf8) throws Exception {
        return new ArrayList<>(JsonParser.object().from(new String(utf8, StandardCharsets.UTF_8)).keySet());
    }

    @Test
    void dequantizedModelRunsLikeTheQuantizedOne() {
        // same weights (exactly the dequantized NF4 values), so the logits agree with transformers' NF4 run
        var c = TinyLlamaTest.Comparison.of(floatLogits, refNf4, 512, 0.05);
        System.out.printf("tiny-llama dequantized bf16 (dense host matmul) vs transformers NF4: max |diff| %.5f, argmax %d/%d%n", c.maxAbs(), c.allAgree(), c.positions());
        assertTrue(c.maxAbs() < 0.05);
        assertEquals(c.clearPositions(), c.clearAgree());
    }

    @Test
    void requantizedNf4HasTransformersLayout() throws Exception {
        Path nf4 = dir.resolve("nf4");
        var opts = ConversionOptions.of(ConversionOptions.Target.NF4).withDoubleQuant(true).withComputeDtype(DType.BF16);
        CheckpointConverter.convert(cpu, floats, nf4, opts, false, null);
        // config.json: byte-identical to what transformers wrote (quantization_config removed and re-added)
        assertEquals(Files.readString(original.resolve("config.json")), Files.readString(nf4.resolve("config.json")));
        try (SafetensorsFile a = SafetensorsFile.open(original.resolve("model.safetensors"));
             SafetensorsFile b = SafetensorsFile.open(nf4.resolve("model.safetensors"))) {
            // same tensors, in the same header order, with the same dtypes and shapes
            assertEquals(List.copyOf(a.names()), List.copyOf(b.names()));
            assertEquals(a.metadata(), b.metadata());
            for (String n : a.names()) {
                assertEquals(a.get(n).dtype(), b.get(n).dtype(), n);
                // the packed JSON's length follows the printed nested_offset (e.g. 170 or 171 bytes)
                if (!n.endsWith("quant_state.bitsandbytes__nf4")) assertArrayEquals(a.get(n).shape(), b.get(n).shape(), n);
                else {
                    assertEquals(jsonKeys(a.get(n).bytes()), jsonKeys(b.get(n).bytes()), n);
                    QuantStateJson ja = QuantStateJson.parse(a.get(n).bytes(), n), jb = QuantStateJson.parse(b.get(n).bytes(), n);
                    assertEquals(ja.quantType(), jb.quantType());
                    assertEquals(ja.blocksize(), jb.blocksize());
                    assertEquals(ja.dtype(), jb.dtype());
                    assertArrayEquals(ja.shape(), jb.shape());
                    assertEquals(ja.nestedBlocksize(), jb.nestedBlocksize());
                    assertEquals(ja.nestedDtype(), jb.nestedDtype());
                    assertEquals(ja.nestedOffset(), jb.nestedOffset(), 1e-3f, n);
                }
                if (n.endsWith(".quant_map") || n.endsWith(".nested_quant_map") || n.startsWith("model.embed") || n.contains("norm"))
                    assertArrayEquals(a.get(n).bytes(), b.get(n).bytes(), n);
            }
        }
        try (LlamaModel m = LlamaModel.load(nf4, cpu)) {
            var c = TinyLlamaTest.Comparison.of(m.forward(ids), refNf4, 512, 0.05);
            System.out.printf("tiny-llama re-quantized NF4+dq vs transformers NF4: max |diff| %.5f, argmax %d/%d%n", c.maxAbs(), c.allAgree(), c.positions());
            assertTrue(c.maxAbs() < 0.1, "re-quantizing the dequantized weights is nearly lossless: " + c.maxAbs());
        }
    }

    @Test
    void fp4AndInt8VariantsLoadAndRun() throws Exception {
        for (var target : List.of(ConversionOptions.Target.FP4, ConversionOptions.Target.INT8)) {
            Path out = dir.resolve(target.name().toLowerCase(Locale.ROOT));
            var s = CheckpointConverter.convert(cpu, floats, out, ConversionOptions.of(target).withComputeDtype(DType.BF16), false, null);
            assertEquals(14, s.quantized());
            JsonObject cfg = Checkpoint.readJson(out.resolve("config.json"));
            QuantizationConfig qc = QuantizationConfig.fromConfig(cfg).orElseThrow();
            assertEquals(target == ConversionOptions.Target.INT8, qc.loadIn8bit());
            try (LlamaModel m = LlamaModel.load(out, cpu)) {
                assertEquals(14, m.linearKinds().get(target == ConversionOptions.Target.INT8 ? "int8" : "fp4"));
                float[] logits = m.forward(ids);
                var vsFloat = TinyLlamaTest.Comparison.of(logits, floatLogits, 512, 0.1);
                System.out.printf("tiny-llama %s (re-quantized from the dequantized model): max |diff| vs float model %.5f, argmax agrees %d/%d (%d/%d with gap > 0.1); relative weight error %.4f%n",
                        target, vsFloat.maxAbs(), vsFloat.allAgree(), vsFloat.positions(), vsFloat.clearAgree(), vsFloat.clearPositions(), s.relativeError());
                for (float v : logits) assertTrue(Float.isFinite(v));
                double bound = target == ConversionOptions.Target.INT8 ? 0.1 : 0.6;
                assertTrue(vsFloat.maxAbs() < bound, target + " logits drift " + vsFloat.maxAbs());
                assertEquals(vsFloat.clearPositions(), vsFloat.clearAgree(), target + " argmax where clear");
            }
        }
    }
}
