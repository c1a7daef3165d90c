package io.bnb.safetensors.hf;

import io.bnb.safetensors.Checkpoint;
import io.bnb.safetensors.Resources;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PyJsonTest {
    @Test
    void rewritesTransformersConfigByteForByte() throws IOException {
        var p = Resources.path("golden/tiny-llama-config.json");
        assertEquals(Files.readString(p), PyJson.dumpsIndented(Checkpoint.readJson(p)) + "\n");
    }

    @Test
    void compactFormMatchesJsonDumps() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(1, 2.5, "x\"y\u00e9\n"));
        m.put("a", null);
        m.put("c", Map.of());
        m.put("d", true);
        // json.dumps({"b": [1, 2.5, "x\"y\u00e9\n"], "a": None, "c": {}, "d": True})
        assertEquals("{\"b\": [1, 2.5, \"x\\\"y\\u00e9\\n\"], \"a\": null, \"c\": {}, \"d\": true}", PyJson.dumps(m));
        // json.dumps(..., indent=2, sort_keys=True)
        assertEquals("{\n  \"a\": null,\n  \"b\": [\n    1,\n    2.5,\n    \"x\\\"y\\u00e9\\n\"\n  ],\n  \"c\": {},\n  \"d\": true\n}", PyJson.dumpsIndented(m));
    }
}
