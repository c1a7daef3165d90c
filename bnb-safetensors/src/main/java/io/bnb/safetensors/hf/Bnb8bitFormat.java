package io.bnb.safetensors.hf;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.api.Shapes;
import io.bnb.api.Tensor;
import io.bnb.safetensors.SafetensorsFile.Entry;
import io.bnb.safetensors.SafetensorsWriter;
import io.bnb.safetensors.TensorSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The LLM.int8 state-dict layout ({@code Linear8bitLt._save_to_state_dict}) for a module prefix
 * {@code P}: {@code P.weight} I8 [N, K] row-major, {@code P.SCB} F32 [N] (row absmax, not divided by
 * 127) and {@code P.weight_format} U8 scalar (0 = row). Other weight formats (the tiled col32 /
 * col_turing / col_ampere layouts of bitsandbytes ≤ 0.44) are rejected as upstream does.
 */
public final class Bnb8bitFormat {
    private Bnb8bitFormat() {}

    /** An int8 weight and its row scales, on some backend. */
    public record Int8Weight(Tensor cb, Tensor scb) implements AutoCloseable {
        @Override
        public void close() {
            cb.close();
            scb.close();
        }
    }

    /** True when the module {@code prefix} has an int8 weight with its SCB. */
    public static boolean isQuantized(TensorSource s, String prefix) {
        return s.contains(prefix + ".SCB") && s.contains(prefix + ".weight") && s.get(prefix + ".weight").dtype() == DType.I8;
    }

    /** True for the auxiliary tensors of an int8 module. */
    public static boolean isStatKey(String name) {
        return name.endsWith(".SCB") || name.endsWith(".weight_format");
    }

    /** Validates and uploads {@code P.weight} and {@code P.SCB}. */
    public static Int8Weight load(Backend b, TensorSource s, String prefix) {
        String wk = prefix + ".weight", sk = prefix + ".SCB", fk = prefix + ".weight_format";
        if (!s.contains(wk) || !s.contains(sk)) throw new IllegalArgumentException(prefix + ": an int8 module needs both '" + wk + "' and '" + sk + "'");
        Entry w = s.get(wk), scb = s.get(sk);
        if (w.dtype() != DType.I8 || w.rank() != 2) throw new IllegalArgumentException(wk + " must be a 2-D I8 tensor, got " + w.dtype() + Shapes.str(w.shape()));
        if (scb.dtype() != DType.F32 || scb.numel() != w.shape()[0] || scb.rank() != 1)
            throw new IllegalArgumentException(sk + " must be F32[" + w.shape()[0] + "], got " + scb.dtype() + Shapes.str(scb.shape()));
        if (s.contains(fk)) {
            Entry f = s.get(fk);
            if ((f.dtype() != DType.U8 && f.dtype() != DType.I64 && f.dtype() != DType.I32 && f.dtype() != DType.I8) || f.numel() != 1)
                throw new IllegalArgumentException(fk + " must be a single integer, got " + f.dtype() + Shapes.str(f.shape()));
            long v = f.dtype() == DType.U8 ? (f.bytes()[0] & 0xff) : f.dtype() == DType.I8 ? f.bytes()[0] : f.longs()[0];
            if (v != 0) {
                String name = v == 1 ? "col32" : v == 2 ? "col_turing" : v == 3 ? "col_ampere" : null;
                throw new IllegalArgumentException(fk + " = " + v + (name == null ? " is not a known weight format (0 = row)"
                        : " (" + name + "): only the row-major layout is supported, as in bitsandbytes >= 0.45"));
            }
        }
        Tensor cb = b.upload(w.data(), DType.I8, w.shape());
        try {
            return new Int8Weight(cb, b.upload(scb.data(), DType.F32, scb.shape()));
        } catch (RuntimeException ex) {
            cb.close();
            throw ex;
        }
    }

    /** Writes {@code P.weight}, {@code P.SCB} and {@code P.weight_format} (0, row). */
    public static void write(SafetensorsWriter w, Backend b, String prefix, Tensor cb, Tensor scb) throws IOException {
        if (cb.dtype() != DType.I8 || cb.rank() != 2) throw new IllegalArgumentException("cb must be a 2-D I8 tensor, got " + cb.dtype() + Shapes.str(cb.shape()));
        if (scb.dtype() != DType.F32 || scb.numel() != cb.size(0)) throw new IllegalArgumentException("scb must be F32[" + cb.size(0) + "], got " + scb.dtype() + Shapes.str(scb.shape()));
        w.add(prefix + ".weight", DType.I8, cb.shape(), bytes(b, cb));
        w.add(prefix + ".SCB", DType.F32, new long[]{scb.numel()}, bytes(b, scb));
        w.add(prefix + ".weight_format", DType.U8, new long[0], new byte[]{0});
    }

    static MemorySegment bytes(Backend b, Tensor t) {
        if (t.hostSegment().isPresent()) return t.hostSegment().get().asSlice(0, t.byteSize());
        MemorySegment heap = java.lang.foreign.Arena.ofAuto().allocate(Math.max(1, t.byteSize()), 64).asSlice(0, t.byteSize());
        b.download(t, heap);
        return heap;
    }
}
