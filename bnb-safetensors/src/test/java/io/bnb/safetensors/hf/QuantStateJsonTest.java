package io.bnb.safetensors.hf;

import io.bnb.api.DType;
import io.bnb.api.QuantType;
import io.bnb.safetensors.Resources;
import io.bnb.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class QuantStateJsonTest {
    @Test
    void reproducesTheGoldenBytesExactly() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(Resources.path("golden/linear4bit_nf4_dq.safetensors"))) {
            byte[] golden = f.get("weight.quant_state.bitsandbytes__nf4").bytes();
            QuantStateJson js = QuantStateJson.parse(golden, "weight");
            assertEquals(QuantType.NF4, js.quantType());
            assertEquals(64, js.blocksize());
            assertEquals(DType.BF16, js.dtype());
            assertArrayEquals(new long[]{256, 384}, js.shape());
            assertTrue(js.nested());
            assertEquals(256, js.nestedBlocksize());
            assertEquals(2.6027274131774902, (double) js.nestedOffset());
            assertArrayEquals(golden, js.toBytes());
        }
    }

    @Test
    void writesTheSpecExamples() {
        // FORMATS.md §5.2: Linear 300->200, bf16, NF4, block 64 (plain and nested)
        var plain = new QuantStateJson(QuantType.NF4, 64, DType.BF16, new long[]{200, 300}, false, 0, null, 0f);
        assertEquals("{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": [200, 300]}", plain.toJson());
        assertEquals(80, plain.toBytes().length);
        var nested = new QuantStateJson(QuantType.NF4, 64, DType.BF16, new long[]{200, 300}, true, 256, DType.F32, 0.05688242241740227f);
        assertEquals("{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": [200, 300], \"nested_blocksize\": 256, "
                + "\"nested_dtype\": \"float32\", \"nested_offset\": 0.05688242241740227}", nested.toJson());
        assertEquals(170, nested.toBytes().length);
        var small = new QuantStateJson(QuantType.FP4, 128, DType.F16, new long[]{3}, true, 256, DType.F32, 1e-5f);
        assertTrue(small.toJson().endsWith("\"nested_offset\": 9.999999747378752e-06}"), small.toJson());
        assertEquals(small, QuantStateJson.parse(small.toBytes(), "x"));
        assertEquals("quant_state.bitsandbytes__fp4", small.packedKeySuffix());
    }

    @Test
    void rejectsMalformedStates() {
        String[] bad = {
                "{\"quant_type\": \"nf5\", \"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": [2, 2]}",
                "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": [2, 2], \"extra\": 1}",
                "{\"quant_type\": \"nf4\", \"dtype\": \"bfloat16\", \"shape\": [2, 2]}",
                "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"int8\", \"shape\": [2, 2]}",
                "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": [2, -2]}",
                "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": [2, 2], \"nested_blocksize\": 256}",
                "not json",
        };
        for (String s : bad)
            assertTrue(assertThrows(IllegalArgumentException.class, () -> QuantStateJson.parse(s.getBytes(StandardCharsets.UTF_8), "L.weight"))
                    .getMessage().startsWith("L.weight"), s);
    }
}
