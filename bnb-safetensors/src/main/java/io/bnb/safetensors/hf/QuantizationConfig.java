package io.bnb.safetensors.hf;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import io.bnb.api.DType;
import io.bnb.api.QuantType;

import java.util.*;

/**
 * The {@code quantization_config} object transformers writes into {@code config.json} for a
 * bitsandbytes model ({@code BitsAndBytesConfig.to_dict()}): 4-bit (quant type, double
 * quantization, compute and storage dtype) or 8-bit (outlier threshold), and the modules left
 * unquantized.
 *
 * @param skipModules {@code llm_int8_skip_modules}: module names transformers must not replace, or null for its default
 */
public record QuantizationConfig(boolean loadIn4bit, boolean loadIn8bit, QuantType quantType, boolean doubleQuant,
                                 DType computeDtype, DType quantStorage, double threshold, List<String> skipModules,
                                 boolean hasFp16Weight, boolean fp32CpuOffload) {

    public QuantizationConfig {
        if (loadIn4bit == loadIn8bit) throw new IllegalArgumentException("exactly one of load_in_4bit and load_in_8bit must be true");
        Objects.requireNonNull(quantType, "quantType");
        Objects.requireNonNull(computeDtype, "computeDtype");
        Objects.requireNonNull(quantStorage, "quantStorage");
        skipModules = skipModules == null ? null : List.copyOf(skipModules);
    }

    /** A 4-bit config with transformers' defaults for the rest. */
    public static QuantizationConfig fourBit(QuantType type, boolean doubleQuant, DType computeDtype, List<String> skipModules) {
        return new QuantizationConfig(true, false, type, doubleQuant, computeDtype, DType.U8, 6.0, skipModules, false, false);
    }

    /** An LLM.int8 config (threshold 6.0 is transformers' default). */
    public static QuantizationConfig eightBit(double threshold, List<String> skipModules) {
        return new QuantizationConfig(false, true, QuantType.FP4, false, DType.F32, DType.U8, threshold, skipModules, false, false);
    }

    /** The {@code quantization_config} of a parsed {@code config.json}, if it is a bitsandbytes one. */
    public static Optional<QuantizationConfig> fromConfig(JsonObject config) {
        if (config == null || !(config.get("quantization_config") instanceof JsonObject q)) return Optional.empty();
        Object method = q.get("quant_method");
        if (method != null && !"bitsandbytes".equals(method))
            throw new IllegalArgumentException("quantization_config.quant_method is '" + method + "', only 'bitsandbytes' is supported");
        boolean in4 = bool(q, "load_in_4bit", bool(q, "_load_in_4bit", false));
        boolean in8 = bool(q, "load_in_8bit", bool(q, "_load_in_8bit", false));
        if (in4 == in8) throw new IllegalArgumentException("quantization_config must set exactly one of load_in_4bit / load_in_8bit");
        QuantType qt = QuantType.fromUpstream(string(q, "bnb_4bit_quant_type", "fp4"));
        DType compute = q.get("bnb_4bit_compute_dtype") == null ? DType.F32 : TorchDtype.parse(string(q, "bnb_4bit_compute_dtype", "float32"));
        DType storage = TorchDtype.parse(string(q, "bnb_4bit_quant_storage", "uint8"));
        double thr = q.get("llm_int8_threshold") instanceof Number n ? n.doubleValue() : 6.0;
        List<String> skip = null;
        if (q.get("llm_int8_skip_modules") instanceof List<?> a) {
            skip = new ArrayList<>();
            for (Object o : a) {
                if (!(o instanceof String s)) throw new IllegalArgumentException("llm_int8_skip_modules must be a list of strings, got " + a);
                skip.add(s);
            }
        }
        return Optional.of(new QuantizationConfig(in4, in8, qt, bool(q, "bnb_4bit_use_double_quant", false), compute, storage, thr, skip,
                bool(q, "llm_int8_has_fp16_weight", false), bool(q, "llm_int8_enable_fp32_cpu_offload", false)));
    }

    private static boolean bool(JsonObject q, String k, boolean dflt) {
        Object v = q.get(k);
        if (v == null) return dflt;
        if (!(v instanceof Boolean b)) throw new IllegalArgumentException("quantization_config." + k + " must be true or false, got " + v);
        return b;
    }

    private static String string(JsonObject q, String k, String dflt) {
        Object v = q.get(k);
        if (v == null) return dflt;
        if (!(v instanceof String s)) throw new IllegalArgumentException("quantization_config." + k + " must be a string, got " + v);
        return s;
    }

    /** The object as transformers serializes it (its key set; config.json sorts the keys). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_load_in_4bit", loadIn4bit);
        m.put("_load_in_8bit", loadIn8bit);
        m.put("bnb_4bit_compute_dtype", TorchDtype.name(computeDtype));
        m.put("bnb_4bit_quant_storage", TorchDtype.name(quantStorage));
        m.put("bnb_4bit_quant_type", quantType.upstreamName());
        m.put("bnb_4bit_use_double_quant", doubleQuant);
        m.put("llm_int8_enable_fp32_cpu_offload", fp32CpuOffload);
        m.put("llm_int8_has_fp16_weight", hasFp16Weight);
        m.put("llm_int8_skip_modules", skipModules == null ? null : new ArrayList<Object>(skipModules));
        m.put("llm_int8_threshold", threshold);
        m.put("load_in_4bit", loadIn4bit);
        m.put("load_in_8bit", loadIn8bit);
        m.put("quant_method", "bitsandbytes");
        return m;
    }
}
