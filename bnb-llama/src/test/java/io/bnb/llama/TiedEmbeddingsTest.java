package io.bnb.llama;

import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.HostArrays;
import io.bnb.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;

/** tie_word_embeddings: no lm_head tensor, the embedding matrix is the output head; an explicit head_dim differing from hidden/heads. */
class TiedEmbeddingsTest {
    @TempDir
    Path dir;

    private Path model(String name, boolean tied) throws IOException {
        Path m = Files.createDirectories(dir.resolve(name));
        Files.writeString(m.resolve("config.json"), "{\"model_type\": \"llama\", \"dtype\": \"bfloat16\", \"hidden_size\": 32, \"head_dim\": 16, "
                + "\"num_attention_heads\": 4, \"num_key_value_heads\": 1, \"intermediate_size\": 64, \"num_hidden_layers\": 1, "
                + "\"vocab_size\": 40, \"rms_norm_eps\": 1e-05, \"rope_theta\": 10000.0, \"tie_word_embeddings\": " + tied + "}");
        Map<String, long[]> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", new long[]{40, 32});
        t.put("model.layers.0.input_layernorm.weight", new long[]{32});
        t.put("model.layers.0.post_attention_layernorm.weight", new long[]{32});
        t.put("model.layers.0.self_attn.q_proj.weight", new long[]{64, 32});
        t.put("model.layers.0.self_attn.k_proj.weight", new long[]{16, 32});
        t.put("model.layers.0.self_attn.v_proj.weight", new long[]{16, 32});
        t.put("model.layers.0.self_attn.o_proj.weight", new long[]{32, 64});
        t.put("model.layers.0.mlp.gate_proj.weight", new long[]{64, 32});
        t.put("model.layers.0.mlp.up_proj.weight", new long[]{64, 32});
        t.put("model.layers.0.mlp.down_proj.weight", new long[]{32, 64});
        t.put("model.norm.weight", new long[]{32});
        Random r = new Random(3);
        float[] embed = null;
        try (SafetensorsWriter w = SafetensorsWriter.create(m.resolve("model.safetensors"))) {
            for (var e : t.entrySet()) {
                int n = (int) (e.getValue().length == 1 ? e.getValue()[0] : e.getValue()[0] * e.getValue()[1]);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = e.getKey().contains("norm") ? 1f : 0.2f * (float) r.nextGaussian();
                if (embed == null) embed = v;
                w.add(e.getKey(), DType.BF16, e.getValue(), HostArrays.fromFloats(v, DType.BF16));
            }
            if (!tied) w.add("lm_head.weight", DType.BF16, new long[]{40, 32}, HostArrays.fromFloats(embed, DType.BF16));
            w.commit();
        }
        return m;
    }

    @Test
    void tiedHeadEqualsAnExplicitCopy() throws IOException {
        long[] ids = {3, 1, 4, 1, 5};
        try (LlamaModel tied = LlamaModel.load(model("tied", true), Bnb.backend("cpu"));
             LlamaModel untied = LlamaModel.load(model("untied", false), Bnb.backend("cpu"))) {
            assertEquals(16, tied.config().headDim());
            float[] a = tied.forward(ids), b = untied.forward(ids);
            assertEquals(5 * 40, a.length);
            assertArrayEquals(b, a);
            // causal: the first positions do not depend on later tokens
            float[] prefix = tied.forward(new long[]{3, 1});
            assertArrayEquals(Arrays.copyOf(a, 2 * 40), prefix);
        }
    }
}
