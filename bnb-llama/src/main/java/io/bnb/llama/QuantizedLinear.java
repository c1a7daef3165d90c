package io.bnb.llama;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.api.Tensor;
import io.bnb.nn.Linear4bit;
import io.bnb.nn.Linear8bitLt;

/** A {@link Linear4bit} or {@link Linear8bitLt} on a backend, fed from and read back to host activations. */
final class QuantizedLinear implements LinearLayer {
    private final Backend backend;
    private final Linear4bit l4;
    private final Linear8bitLt l8;
    private final DType act;

    QuantizedLinear(Backend backend, Linear4bit l4, DType act) {
        this.backend = backend;
        this.l4 = l4;
        this.l8 = null;
        this.act = act;
    }

    QuantizedLinear(Backend backend, Linear8bitLt l8, DType act) {
        this.backend = backend;
        this.l4 = null;
        this.l8 = l8;
        this.act = act;
    }

    @Override
    public float[] forward(float[] x, int rows) {
        try (Tensor in = backend.upload(x, act, rows, inFeatures());
             Tensor out = l4 != null ? l4.forward(in) : l8.forward(in)) {
            return backend.downloadFloats(out);
        }
    }

    @Override
    public long inFeatures() { return l4 != null ? l4.inFeatures() : l8.inFeatures(); }

    @Override
    public long outFeatures() { return l4 != null ? l4.outFeatures() : l8.outFeatures(); }

    @Override
    public String kind() {
        if (l8 != null) return "int8";
        return l4.quantState().quantType().upstreamName() + (l4.quantState().isNested() ? "+dq" : "");
    }

    @Override
    public void close() {
        if (l4 != null) l4.close();
        if (l8 != null) l8.close();
    }
}
