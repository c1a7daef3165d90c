package io.bnb.llama;

import io.bnb.api.DType;
import io.bnb.api.Half;
import io.bnb.safetensors.SafetensorsFile;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.IntStream;

/**
 * An unquantized linear layer (lm_head, or layers a checkpoint kept in 16/32-bit) computed on the
 * host straight from the memory-mapped weights: float32 accumulation, one rounding of the result
 * (and of the bias sum) to the activation dtype, as a 16-bit {@code F.linear} does.
 */
final class DenseLinear implements LinearLayer {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final MemorySegment w;
    private final DType wDtype;
    private final int out, in;
    private final float[] bias;
    private final DType act;

    DenseLinear(SafetensorsFile.Entry weight, SafetensorsFile.Entry bias, DType act) {
        if (weight.rank() != 2 || !weight.dtype().isFloat())
            throw new IllegalArgumentException(weight.name() + " must be a 2-D float tensor, got " + weight.dtype() + java.util.Arrays.toString(weight.shape()));
        this.w = weight.data();
        this.wDtype = weight.dtype();
        this.out = Math.toIntExact(weight.shape()[0]);
        this.in = Math.toIntExact(weight.shape()[1]);
        this.bias = bias == null ? null : roundAll(bias.floats(), act);
        this.act = act;
    }

    private static float[] roundAll(float[] v, DType dt) {
        for (int i = 0; i < v.length; i++) v[i] = Half.round(v[i], dt);
        return v;
    }

    @Override
    public float[] forward(float[] x, int rows) {
        float[] y = new float[rows * out];
        IntStream.range(0, out).parallel().forEach(o -> {
            float[] row = new float[in];
            long base = (long) o * in;
            switch (wDtype) {
                case BF16 -> { for (int k = 0; k < in; k++) row[k] = Half.bf16ToF32(w.getAtIndex(I16, base + k)); }
                case F16 -> { for (int k = 0; k < in; k++) row[k] = Half.f16ToF32(w.getAtIndex(I16, base + k)); }
                default -> MemorySegment.copy(w, F32, base * 4, row, 0, in);
            }
            for (int r = 0; r < rows; r++) {
                float acc = 0;
                int xo = r * in;
                for (int k = 0; k < in; k++) acc += x[xo + k] * row[k];
                y[r * out + o] = Half.round(bias == null ? acc : acc + bias[o], act);
            }
        });
        return y;
    }

    @Override
    public long inFeatures() { return in; }

    @Override
    public long outFeatures() { return out; }

    @Override
    public String kind() { return io.bnb.safetensors.hf.TorchDtype.name(wDtype); }

    @Override
    public void close() { }
}
