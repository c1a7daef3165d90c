/** safetensors files (memory-mapped reading, streamed atomic writing, sharded checkpoints) and the bitsandbytes / Hugging Face checkpoint formats. */
module io.bnb.safetensors {
    requires transitive io.bnb.api;
    requires transitive com.grack.nanojson;
    exports io.bnb.safetensors;
    exports io.bnb.safetensors.hf;
}
