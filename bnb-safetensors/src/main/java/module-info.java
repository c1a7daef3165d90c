/** safetensors files and the bitsandbytes checkpoint formats. */
module io.bnb.safetensors {
    requires transitive io.bnb.api;
    requires com.grack.nanojson;
    exports io.bnb.safetensors;
}
