package io.bnb.safetensors.hf;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code *.weight} tensors transformers would turn into bitsandbytes layers: 2-D weights of
 * linear modules, never the input embeddings or the output head (transformers keeps lm_head and
 * tied embeddings in 16/32-bit), plus a user pattern of further exclusions.
 */
final class LinearSelector {
    /** Module names (last path segment) that hold embeddings or output heads, not linear layers to quantize. */
    static final Set<String> NOT_LINEAR = Set.of("lm_head", "embed_tokens", "embed_positions", "wte", "wpe", "embed_in", "embed_out",
            "word_embeddings", "position_embeddings", "token_type_embeddings", "shared", "embeddings", "score", "classifier");

    private final Pattern skip;

    LinearSelector(Pattern skip) {
        this.skip = skip;
    }

    /** The module name of a weight key ({@code a.b.weight -> a.b}), or null when it is not a weight. */
    static String module(String name) {
        return name.endsWith(".weight") ? name.substring(0, name.length() - ".weight".length()) : null;
    }

    /** A linear layer by shape and name (ignoring the user pattern). */
    static boolean isLinear(String name, long[] shape) {
        String m = module(name);
        if (m == null || shape.length != 2) return false;
        String last = m.substring(m.lastIndexOf('.') + 1);
        return !NOT_LINEAR.contains(last) && !last.contains("norm") && !last.contains("embed");
    }

    boolean userSkips(String name) {
        return skip != null && skip.matcher(name).find();
    }

    boolean quantize(String name, long[] shape) {
        return isLinear(name, shape) && !userSkips(name);
    }
}
