package io.bnb.optim;

import io.bnb.api.Backend;
import io.bnb.api.Codebooks;
import io.bnb.api.DType;
import io.bnb.api.Tensor;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The quantization maps of 8-bit states, uploaded once per backend and shared by every parameter
 * of an optimizer, as upstream shares {@code name2qmap} (they are read-only for the kernels).
 */
final class SharedMaps {
    private final Map<Backend, Tensor> signed = new IdentityHashMap<>();
    private final Map<Backend, Tensor> unsigned = new IdentityHashMap<>();

    /** The signed dynamic map (first state) on {@code b}. */
    Tensor signed(Backend b) { return signed.computeIfAbsent(b, k -> k.upload(Codebooks.dynamicSigned(), DType.F32, 256)); }

    /** The unsigned dynamic map (second state) on {@code b}. */
    Tensor unsigned(Backend b) { return unsigned.computeIfAbsent(b, k -> k.upload(Codebooks.dynamicUnsigned(), DType.F32, 256)); }

    long byteSize() {
        long n = 0;
        for (Tensor t : signed.values()) n += t.byteSize();
        for (Tensor t : unsigned.values()) n += t.byteSize();
        return n;
    }

    void close() {
        for (Tensor t : signed.values()) t.close();
        for (Tensor t : unsigned.values()) t.close();
        signed.clear();
        unsigned.clear();
    }
}
