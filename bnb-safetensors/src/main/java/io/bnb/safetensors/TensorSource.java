package io.bnb.safetensors;

import java.util.Set;

/** Named tensors read from one safetensors file or from the shards of a checkpoint. */
public interface TensorSource {
    /** Tensor names (header order; shard by shard for a sharded checkpoint). */
    Set<String> names();

    boolean contains(String name);

    /** The named tensor; throws {@link java.util.NoSuchElementException} naming the source if absent. */
    SafetensorsFile.Entry get(String name);
}
