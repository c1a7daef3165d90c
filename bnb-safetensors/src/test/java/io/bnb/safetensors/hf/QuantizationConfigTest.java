package io.bnb.safetensors.hf;

import com.grack.nanojson.JsonObject;
import io.bnb.api.DType;
import io.bnb.api.QuantType;
import io.bnb.safetensors.Checkpoint;
import io.bnb.safetensors.Resources;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class QuantizationConfigTest {
    @Test
    void readsAndReproducesTransformersNf4Config() throws IOException {
        JsonObject config = Checkpoint.readJson(Resources.path("golden/tiny-llama-config.json"));
        QuantizationConfig q = QuantizationConfig.fromConfig(config).orElseThrow();
        assertTrue(q.loadIn4bit());
        assertFalse(q.loadIn8bit());
        assertEquals(QuantType.NF4, q.quantType());
        assertTrue(q.doubleQuant());
        assertEquals(DType.BF16, q.computeDtype());
        assertEquals(DType.U8, q.quantStorage());
        assertEquals(6.0, q.threshold());
        assertNull(q.skipModules());
        // same keys and values, in the same (sorted) serialization
        assertEquals(PyJson.dumpsIndented(config.getObject("quantization_config")), PyJson.dumpsIndented(q.toJson()));
        assertEquals(PyJson.dumpsIndented(config.getObject("quantization_config")),
                PyJson.dumpsIndented(QuantizationConfig.fourBit(QuantType.NF4, true, DType.BF16, null).toJson()));
    }

    @Test
    void eightBitConfig() {
        QuantizationConfig q = QuantizationConfig.eightBit(6.0, List.of("lm_head", "model.layers.0.mlp"));
        String s = PyJson.dumps(q.toJson());
        assertTrue(s.contains("\"load_in_8bit\": true") && s.contains("\"llm_int8_threshold\": 6.0")
                && s.contains("\"llm_int8_skip_modules\": [\"lm_head\", \"model.layers.0.mlp\"]"), s);
        JsonObject cfg = new JsonObject();
        cfg.put("quantization_config", new JsonObject(q.toJson()));
        assertEquals(q, QuantizationConfig.fromConfig(cfg).orElseThrow());
    }

    @Test
    void rejectsOtherMethods() {
        JsonObject cfg = new JsonObject();
        JsonObject q = new JsonObject();
        q.put("quant_method", "gptq");
        cfg.put("quantization_config", q);
        assertThrows(IllegalArgumentException.class, () -> QuantizationConfig.fromConfig(cfg));
        assertTrue(QuantizationConfig.fromConfig(new JsonObject()).isEmpty());
    }
}
