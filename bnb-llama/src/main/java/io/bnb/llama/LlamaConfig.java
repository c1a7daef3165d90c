package io.bnb.llama;

import com.grack.nanojson.JsonObject;
import io.bnb.api.DType;
import io.bnb.safetensors.hf.TorchDtype;

/**
 * The fields of a transformers {@code LlamaConfig} the runner needs. Reads both the transformers 4
 * spelling ({@code rope_theta}, {@code rope_scaling}, {@code torch_dtype}) and the transformers 5 one
 * ({@code rope_parameters}, {@code dtype}); {@code head_dim} defaults to hidden / heads.
 *
 * @param dtype the dtype activations are computed in (the model's torch dtype)
 */
public record LlamaConfig(int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads, int headDim,
                          int vocabSize, double rmsNormEps, Rope rope, boolean tieWordEmbeddings,
                          boolean attentionBias, boolean mlpBias, DType dtype) {

    /**
     * Rotary embedding parameters.
     *
     * @param type                  "default", "linear" or "llama3"
     * @param factor                scaling factor (linear / llama3)
     * @param lowFreqFactor         llama3 only
     * @param highFreqFactor        llama3 only
     * @param originalMaxPositions  llama3 only
     */
    public record Rope(double theta, String type, double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {}

    public LlamaConfig {
        if (hiddenSize <= 0 || intermediateSize <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || vocabSize <= 0)
            throw new IllegalArgumentException("config sizes must be positive");
        if (heads % kvHeads != 0) throw new IllegalArgumentException("num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        if (headDim % 2 != 0) throw new IllegalArgumentException("head_dim must be even for rotary embeddings, got " + headDim);
    }

    public static LlamaConfig from(JsonObject c) {
        String type = c.getString("model_type", "llama");
        if (!type.equals("llama") && !type.equals("mistral"))
            throw new IllegalArgumentException("model_type '" + type + "' is not a Llama-architecture model");
        String act = c.getString("hidden_act", "silu");
        if (!act.equals("silu")) throw new IllegalArgumentException("hidden_act '" + act + "' is not supported (silu only)");
        int hidden = integer(c, "hidden_size");
        int heads = integer(c, "num_attention_heads");
        int kv = c.has("num_key_value_heads") && c.get("num_key_value_heads") != null ? integer(c, "num_key_value_heads") : heads;
        int headDim = c.get("head_dim") instanceof Number n ? n.intValue() : hidden / heads;
        String dt = c.get("dtype") instanceof String s ? s : c.get("torch_dtype") instanceof String s2 ? s2 : "float32";
        return new LlamaConfig(hidden, integer(c, "intermediate_size"), integer(c, "num_hidden_layers"), heads, kv, headDim,
                integer(c, "vocab_size"), number(c, "rms_norm_eps", 1e-6), rope(c), c.getBoolean("tie_word_embeddings", false),
                c.getBoolean("attention_bias", false), c.getBoolean("mlp_bias", false), TorchDtype.parse(dt));
    }

    private static Rope rope(JsonObject c) {
        JsonObject p = c.get("rope_parameters") instanceof JsonObject o ? o : c.get("rope_scaling") instanceof JsonObject o2 ? o2 : new JsonObject();
        double theta = p.get("rope_theta") instanceof Number n ? n.doubleValue() : number(c, "rope_theta", 10000.0);
        String type = p.get("rope_type") instanceof String s ? s : p.get("type") instanceof String s2 ? s2 : "default";
        return switch (type) {
            case "default" -> new Rope(theta, type, 1, 0, 0, 0);
            case "linear" -> new Rope(theta, type, number(p, "factor", 1), 0, 0, 0);
            case "llama3" -> new Rope(theta, type, number(p, "factor", 8), number(p, "low_freq_factor", 1), number(p, "high_freq_factor", 4),
                    (int) number(p, "original_max_position_embeddings", 8192));
            default -> throw new IllegalArgumentException("rope type '" + type + "' is not supported (default, linear, llama3)");
        };
    }

    private static int integer(JsonObject c, String k) {
        if (!(c.get(k) instanceof Number n)) throw new IllegalArgumentException("config.json needs a number '" + k + "'");
        return n.intValue();
    }

    private static double number(JsonObject c, String k, double dflt) {
        return c.get(k) instanceof Number n ? n.doubleValue() : dflt;
    }

    /** Query heads sharing one key/value head. */
    public int groups() { return heads / kvHeads; }
}
