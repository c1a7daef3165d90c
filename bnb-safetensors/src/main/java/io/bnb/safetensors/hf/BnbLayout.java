package io.bnb.safetensors.hf;

import io.bnb.api.DType;
import io.bnb.api.Shapes;
import io.bnb.safetensors.TensorSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How a bitsandbytes state dict groups its tensors: a 4-bit weight owns its absmax, quant_map,
 * nested statistics and packed JSON; an int8 module's weight owns its SCB and weight_format.
 * "Logical" tensors are the weights and ordinary tensors, with those statistics folded in.
 */
public final class BnbLayout {
    private BnbLayout() {}

    private static final List<String> SUFFIXES_4BIT = List.of(".absmax", ".quant_map", ".nested_absmax", ".nested_quant_map",
            "." + Bnb4bitFormat.NF4_KEY, "." + Bnb4bitFormat.FP4_KEY);
    private static final List<String> SUFFIXES_8BIT = List.of(".SCB", ".weight_format");

    /** One logical tensor. */
    public enum Kind { PLAIN, NF4, FP4, INT8 }

    /**
     * @param shape  the logical shape (the original shape of a quantized weight)
     * @param dtype  storage dtype of a plain tensor, original dtype of a 4-bit weight, I8 for int8
     * @param bytes  bytes of the tensor and every statistic it owns
     * @param detail e.g. "block 64, nested 256" for 4-bit
     */
    public record Info(String name, Kind kind, DType dtype, long[] shape, long bytes, String detail) {
        public long params() { return Shapes.numel(shape); }

        /** Storage bits per element, statistics included. */
        public double bitsPerParam() { return params() == 0 ? 0 : bytes * 8.0 / params(); }
    }

    /** The weight key (4-bit) or module prefix (int8) an auxiliary tensor belongs to, or null for an ordinary tensor. */
    public static String ownerOf(TensorSource s, String n) {
        for (String suffix : SUFFIXES_4BIT) {
            if (n.endsWith(suffix)) {
                String w = n.substring(0, n.length() - suffix.length());
                if (s.contains(w) && Bnb4bitFormat.isQuantized(s, w)) return w;
            }
        }
        for (String suffix : SUFFIXES_8BIT) {
            if (n.endsWith(suffix)) {
                String m = n.substring(0, n.length() - suffix.length());
                if (Bnb8bitFormat.isQuantized(s, m)) return m;
            }
        }
        return null;
    }

    /** The logical tensors among {@code names}, in their order. */
    public static List<String> logicalNames(TensorSource s, Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) if (ownerOf(s, n) == null) out.add(n);
        return out;
    }

    /** The int8 module of a weight key, or null when {@code n} is not an int8 weight. */
    static String int8Module(TensorSource s, String n) {
        if (!n.endsWith(".weight")) return null;
        String m = n.substring(0, n.length() - ".weight".length());
        return Bnb8bitFormat.isQuantized(s, m) ? m : null;
    }

    /** Describes a logical tensor. */
    public static Info describe(TensorSource s, String n) {
        var e = s.get(n);
        if (Bnb4bitFormat.isQuantized(s, n)) {
            QuantStateJson js = Bnb4bitFormat.readJson(s, n);
            long bytes = 0;
            for (String k : Bnb4bitFormat.keys(n, js)) if (s.contains(k)) bytes += s.get(k).data().byteSize();
            String detail = "block " + js.blocksize() + (js.nested() ? ", nested " + js.nestedBlocksize() + " (offset " + PyFloat.repr(js.nestedOffset()) + ")" : "")
                    + (e.dtype() != DType.U8 ? ", storage " + TorchDtype.name(e.dtype()) : "");
            return new Info(n, js.quantType() == io.bnb.api.QuantType.NF4 ? Kind.NF4 : Kind.FP4, js.dtype(), js.shape(), bytes, detail);
        }
        String m = int8Module(s, n);
        if (m != null) {
            long bytes = e.data().byteSize();
            for (String k : List.of(m + ".SCB", m + ".weight_format")) if (s.contains(k)) bytes += s.get(k).data().byteSize();
            return new Info(n, Kind.INT8, DType.I8, e.shape(), bytes, "row scales " + m + ".SCB");
        }
        return new Info(n, Kind.PLAIN, e.dtype(), e.shape(), e.data().byteSize(), "");
    }
}
