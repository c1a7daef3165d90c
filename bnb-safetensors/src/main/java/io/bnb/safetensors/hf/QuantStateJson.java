package io.bnb.safetensors.hf;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;
import io.bnb.api.DType;
import io.bnb.api.QuantState;
import io.bnb.api.QuantType;

import java.nio.charset.StandardCharsets;
import java.util.*;

/**
 * The non-tensor part of a 4-bit QuantState as bitsandbytes packs it into the
 * {@code weight.quant_state.bitsandbytes__nf4|fp4} tensor: UTF-8 JSON with Python's default
 * separators, keys in the order {@code quant_type, blocksize, dtype, shape} then, when nested,
 * {@code nested_blocksize, nested_dtype, nested_offset} (the float32 offset widened to double and
 * printed like Python's repr).
 *
 * @param nestedBlocksize 0 when not nested
 * @param nestedDtype     null when not nested
 */
public record QuantStateJson(QuantType quantType, int blocksize, DType dtype, long[] shape,
                             boolean nested, int nestedBlocksize, DType nestedDtype, float nestedOffset) {

    static final List<String> KEYS = List.of("quant_type", "blocksize", "dtype", "shape", "nested_blocksize", "nested_dtype", "nested_offset");

    public QuantStateJson {
        Objects.requireNonNull(quantType, "quantType");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        shape = shape.clone();
        if (nested) Objects.requireNonNull(nestedDtype, "nestedDtype");
    }

    @Override
    public long[] shape() { return shape.clone(); }

    /** The JSON of a 4-bit state (its quant type, blocksize, dtype, shape and nesting). */
    public static QuantStateJson of(QuantState s) {
        if (s.quantType() == null) throw new IllegalArgumentException("only 4-bit QuantStates (NF4/FP4) can be packed, got an 8-bit state");
        if (s.shape() == null) throw new IllegalArgumentException("a 4-bit QuantState needs a shape");
        return s.isNested()
                ? new QuantStateJson(s.quantType(), s.blocksize(), s.dtype(), s.shape(), true, s.nested().blocksize(), s.nested().dtype(), s.offset())
                : new QuantStateJson(s.quantType(), s.blocksize(), s.dtype(), s.shape(), false, 0, null, 0f);
    }

    /** The key suffix of the packed tensor: {@code quant_state.bitsandbytes__nf4} or {@code __fp4}. */
    public String packedKeySuffix() { return "quant_state.bitsandbytes__" + quantType.upstreamName(); }

    /** The exact JSON text bitsandbytes writes. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quant_type", quantType.upstreamName());
        m.put("blocksize", blocksize);
        m.put("dtype", TorchDtype.name(dtype));
        m.put("shape", shape);
        if (nested) {
            m.put("nested_blocksize", nestedBlocksize);
            m.put("nested_dtype", TorchDtype.name(nestedDtype));
            m.put("nested_offset", (double) nestedOffset);
        }
        return PyJson.dumps(m);
    }

    public byte[] toBytes() { return toJson().getBytes(StandardCharsets.UTF_8); }

    /** Parses the packed JSON (keys in any order, as Python accepts them); throws naming {@code where}. */
    public static QuantStateJson parse(byte[] utf8, String where) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        JsonObject o;
        try {
            o = JsonParser.object().from(text);
        } catch (JsonParserException e) {
            throw new IllegalArgumentException(where + ": quant state is not a JSON object: " + e.getMessage());
        }
        for (String k : o.keySet())
            if (!KEYS.contains(k)) throw new IllegalArgumentException(where + ": unexpected quant state key '" + k + "' (allowed: " + KEYS + ")");
        QuantType qt;
        try {
            qt = QuantType.fromUpstream(str(o, "quant_type", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        int bs = integer(o, "blocksize", where);
        DType dtype = dtype(o, "dtype", where);
        if (!dtype.isFloat()) throw new IllegalArgumentException(where + ": dtype must be float32, float16 or bfloat16, got " + TorchDtype.name(dtype));
        if (!(o.get("shape") instanceof JsonArray arr)) throw new IllegalArgumentException(where + ": 'shape' must be a list of integers");
        long[] shape = new long[arr.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(arr.get(i) instanceof Integer || arr.get(i) instanceof Long) || ((Number) arr.get(i)).longValue() < 0)
                throw new IllegalArgumentException(where + ": 'shape' must be a list of non-negative integers, got " + arr);
            shape[i] = ((Number) arr.get(i)).longValue();
        }
        boolean anyNested = o.containsKey("nested_blocksize") || o.containsKey("nested_dtype") || o.containsKey("nested_offset");
        if (!anyNested) return new QuantStateJson(qt, bs, dtype, shape, false, 0, null, 0f);
        int nbs = integer(o, "nested_blocksize", where);
        DType ndt = dtype(o, "nested_dtype", where);
        if (!(o.get("nested_offset") instanceof Number off)) throw new IllegalArgumentException(where + ": 'nested_offset' must be a number");
        // Python: torch.tensor(float) -> float32, i.e. the double rounded to nearest float.
        return new QuantStateJson(qt, bs, dtype, shape, true, nbs, ndt, (float) off.doubleValue());
    }

    private static String str(JsonObject o, String k, String where) {
        if (!(o.get(k) instanceof String s)) throw new IllegalArgumentException(where + ": quant state needs a string '" + k + "'");
        return s;
    }

    private static int integer(JsonObject o, String k, String where) {
        if (!(o.get(k) instanceof Integer i) || i <= 0) throw new IllegalArgumentException(where + ": quant state needs a positive integer '" + k + "', got " + o.get(k));
        return i;
    }

    private static DType dtype(JsonObject o, String k, String where) {
        try {
            return TorchDtype.parse(str(o, k, where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object x) {
        return x instanceof QuantStateJson q && q.quantType == quantType && q.blocksize == blocksize && q.dtype == dtype
                && Arrays.equals(q.shape, shape) && q.nested == nested && q.nestedBlocksize == nestedBlocksize && q.nestedDtype == nestedDtype
                && Float.floatToIntBits(q.nestedOffset) == Float.floatToIntBits(nestedOffset);
    }

    @Override
    public int hashCode() { return Objects.hash(quantType, blocksize, dtype, Arrays.hashCode(shape), nested, nestedBlocksize, nestedDtype, nestedOffset); }

    @Override
    public String toString() { return toJson(); }
}
