package io.bnb.safetensors.hf;

import io.bnb.api.*;
import io.bnb.functional.Packed4bit;
import io.bnb.safetensors.SafetensorsFile.Entry;
import io.bnb.safetensors.SafetensorsWriter;
import io.bnb.safetensors.TensorSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The bitsandbytes 4-bit state-dict layout ({@code Linear4bit._save_to_state_dict}) for a weight
 * key {@code W}: {@code W} (packed bytes in any storage dtype), {@code W.absmax} (F32, or U8 when
 * double-quantized), {@code W.quant_map} (F32[16]), {@code W.nested_absmax} and
 * {@code W.nested_quant_map} (nested only) and {@code W.quant_state.bitsandbytes__nf4|fp4} (the
 * {@link QuantStateJson} as U8). Reading checks every size against the JSON before anything is
 * uploaded; writing produces exactly the names, dtypes and shapes Python writes.
 */
public final class Bnb4bitFormat {
    private Bnb4bitFormat() {}

    static final String NF4_KEY = "quant_state.bitsandbytes__nf4";
    static final String FP4_KEY = "quant_state.bitsandbytes__fp4";

    /** True when {@code weightKey} has a packed 4-bit quant state next to it. */
    public static boolean isQuantized(TensorSource s, String weightKey) {
        return s.contains(weightKey + "." + NF4_KEY) || s.contains(weightKey + "." + FP4_KEY);
    }

    /** True for the auxiliary tensors of a 4-bit weight (everything but the packed weight itself). */
    public static boolean isStatKey(String name) {
        return name.endsWith(".absmax") || name.endsWith(".quant_map") || name.endsWith(".nested_absmax")
                || name.endsWith(".nested_quant_map") || name.endsWith("." + NF4_KEY) || name.endsWith("." + FP4_KEY);
    }

    /** The names {@link #write} produces for a state (the weight key first). */
    public static List<String> keys(String weightKey, QuantStateJson js) {
        List<String> k = new ArrayList<>(List.of(weightKey, weightKey + ".absmax", weightKey + ".quant_map"));
        if (js.nested()) {
            k.add(weightKey + ".nested_absmax");
            k.add(weightKey + ".nested_quant_map");
        }
        k.add(weightKey + "." + js.packedKeySuffix());
        return k;
    }

    /** Reads and validates the JSON of a quantized weight. */
    public static QuantStateJson readJson(TensorSource s, String weightKey) {
        boolean nf4 = s.contains(weightKey + "." + NF4_KEY), fp4 = s.contains(weightKey + "." + FP4_KEY);
        if (nf4 && fp4) throw new IllegalArgumentException(weightKey + ": both " + NF4_KEY + " and " + FP4_KEY + " are present; expected exactly one packed quant state");
        if (!nf4 && !fp4) throw new IllegalArgumentException(weightKey + ": expected packed or unpacked quant_state items, found neither (no " + NF4_KEY + " / " + FP4_KEY + ")");
        String key = weightKey + "." + (nf4 ? NF4_KEY : FP4_KEY);
        Entry e = s.get(key);
        if (e.dtype() != DType.U8 || e.rank() != 1) throw new IllegalArgumentException(key + " must be a 1-D U8 tensor of JSON bytes, got " + e.dtype() + Shapes.str(e.shape()));
        QuantStateJson js = QuantStateJson.parse(e.bytes(), key);
        if ((js.quantType() == QuantType.NF4) != nf4)
            throw new IllegalArgumentException(key + ": the JSON says quant_type '" + js.quantType().upstreamName() + "' but the key says otherwise");
        return js;
    }

    /**
     * Uploads a quantized weight and its QuantState to {@code b}. Throws {@link IllegalArgumentException}
     * naming the key when a tensor is missing or its dtype/size disagrees with the JSON; nothing is
     * uploaded in that case.
     */
    public static Packed4bit load(Backend b, TensorSource s, String weightKey) {
        QuantStateJson js = readJson(s, weightKey);
        if (java.util.Arrays.stream(io.bnb.spi.Checks.BLOCKSIZES_4BIT).noneMatch(x -> x == js.blocksize()))
            throw new IllegalArgumentException(weightKey + ": blocksize " + js.blocksize() + " is not one of 32, 64, ..., 4096");
        long n = Shapes.numel(js.shape());
        long blocks = Shapes.blocks(n, js.blocksize());
        Entry w = need(s, weightKey);
        if (w.data().byteSize() < (n + 1) / 2)
            throw new IllegalArgumentException(weightKey + ": packed weight has " + w.data().byteSize() + " bytes, shape " + Shapes.str(js.shape()) + " needs " + (n + 1) / 2);
        Entry absmax = need(s, weightKey + ".absmax");
        expect(absmax, js.nested() ? DType.U8 : DType.F32, blocks);
        Entry qmap = need(s, weightKey + ".quant_map");
        expect(qmap, DType.F32, 16);
        Entry nAbsmax = null, nMap = null;
        if (js.nested()) {
            if (js.nestedDtype() != DType.F32) throw new IllegalArgumentException(weightKey + ": nested_dtype must be float32, got " + TorchDtype.name(js.nestedDtype()));
            nAbsmax = need(s, weightKey + ".nested_absmax");
            expect(nAbsmax, DType.F32, Shapes.blocks(blocks, js.nestedBlocksize()));
            nMap = need(s, weightKey + ".nested_quant_map");
            expect(nMap, DType.F32, 256);
        } else if (s.contains(weightKey + ".nested_absmax") || s.contains(weightKey + ".nested_quant_map")) {
            throw new IllegalArgumentException(weightKey + ": nested_absmax/nested_quant_map present but the quant state JSON has no nested_* entries");
        }
        List<Tensor> made = new ArrayList<>();
        try {
            Tensor data = up(b, w, made);
            Tensor code = up(b, qmap, made);
            QuantState state;
            if (js.nested()) {
                QuantState state2 = QuantState.of(up(b, nAbsmax, made), null, DType.F32, js.nestedBlocksize(), up(b, nMap, made), null);
                state = new QuantState(up(b, absmax, made), js.shape(), js.dtype(), js.blocksize(), code, js.quantType(), state2, js.nestedOffset());
            } else {
                state = QuantState.of(up(b, absmax, made), js.shape(), js.dtype(), js.blocksize(), code, js.quantType());
            }
            return new Packed4bit(data, state);
        } catch (RuntimeException ex) {
            made.forEach(Tensor::close);
            throw ex;
        }
    }

    private static Tensor up(Backend b, Entry e, List<Tensor> made) {
        Tensor t = b.upload(e.data(), e.dtype(), e.shape());
        made.add(t);
        return t;
    }

    private static Entry need(TensorSource s, String key) {
        if (!s.contains(key)) throw new IllegalArgumentException("missing tensor '" + key + "' of a 4-bit quantized weight");
        return s.get(key);
    }

    private static void expect(Entry e, DType dtype, long numel) {
        if (e.dtype() != dtype || e.numel() != numel || e.rank() != 1)
            throw new IllegalArgumentException(e.name() + " must be " + dtype + "[" + numel + "], got " + e.dtype() + Shapes.str(e.shape()));
    }

    /** Writes {@code p} under {@code weightKey} (the weight keeps its storage dtype and shape). */
    public static void write(SafetensorsWriter w, Backend b, String weightKey, Packed4bit p) throws IOException {
        QuantState st = p.state();
        QuantStateJson js = QuantStateJson.of(st);
        w.add(weightKey, p.data().dtype(), p.data().shape(), bytes(b, p.data()));
        w.add(weightKey + ".absmax", st.absmax().dtype(), new long[]{st.absmax().numel()}, bytes(b, st.absmax()));
        w.add(weightKey + ".quant_map", DType.F32, new long[]{16}, bytes(b, st.code()));
        if (js.nested()) {
            QuantState n = st.nested();
            w.add(weightKey + ".nested_absmax", DType.F32, new long[]{n.absmax().numel()}, bytes(b, n.absmax()));
            w.add(weightKey + ".nested_quant_map", DType.F32, new long[]{256}, bytes(b, n.code()));
        }
        byte[] json = js.toBytes();
        w.add(weightKey + "." + js.packedKeySuffix(), DType.U8, new long[]{json.length}, json);
    }

    private static MemorySegment bytes(Backend b, Tensor t) {
        if (t.hostSegment().isPresent()) return t.hostSegment().get().asSlice(0, t.byteSize());
        MemorySegment heap = java.lang.foreign.Arena.ofAuto().allocate(Math.max(1, t.byteSize()), 64).asSlice(0, t.byteSize());
        b.download(t, heap);
        return heap;
    }
}
