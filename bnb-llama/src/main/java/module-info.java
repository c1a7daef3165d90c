/** Example: a Llama-architecture runner over bitsandbytes checkpoints (4-bit and LLM.int8 linear layers on any backend). */
module io.bnb.llama {
    requires transitive io.bnb.api;
    requires transitive io.bnb.safetensors;
    exports io.bnb.llama;
}
