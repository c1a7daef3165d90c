package io.bnb.safetensors.hf;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.api.DType;
import io.bnb.api.QuantType;
import io.bnb.functional.Packed4bit;
import io.bnb.safetensors.Resources;
import io.bnb.safetensors.SafetensorsFile;
import io.bnb.safetensors.SafetensorsWriter;
import io.bnb.safetensors.TensorSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.*;

import static org.junit.jupiter.api.Assertions.*;

class Bnb4bitFormatTest {
    @TempDir
    Path dir;

    final Backend cpu = Bnb.backend("cpu");

    /** A TensorSource over a real file with some entries replaced or removed. */
    record Edited(TensorSource base, Map<String, SafetensorsFile.Entry> replaced, Set<String> removed) implements TensorSource {
        public Set<String> names() {
            Set<String> s = new LinkedHashSet<>(base.names());
            s.removeAll(removed);
            s.addAll(replaced.keySet());
            return s;
        }

        public boolean contains(String n) { return names().contains(n); }

        public SafetensorsFile.Entry get(String n) {
            if (removed.contains(n)) throw new NoSuchElementException(n);
            return replaced.getOrDefault(n, base.contains(n) ? base.get(n) : null);
        }
    }

    static SafetensorsFile.Entry entry(String name, DType dt, long[] shape, byte[] data) {
        return new SafetensorsFile.Entry(name, dt, shape, java.lang.foreign.MemorySegment.ofArray(data));
    }

    @Test
    void loadsGoldenStateAndWritesItBackByteForByte() throws IOException {
        Path out = dir.resolve("re.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(Resources.path("golden/linear4bit_nf4_dq.safetensors"));
             Packed4bit p = Bnb4bitFormat.load(cpu, f, "weight")) {
            assertTrue(Bnb4bitFormat.isQuantized(f, "weight"));
            assertEquals(QuantType.NF4, p.state().quantType());
            assertTrue(p.state().isNested());
            assertEquals(2.6027274f, p.state().offset());
            assertArrayEquals(new long[]{256, 384}, p.state().shape());
            try (SafetensorsWriter w = SafetensorsWriter.create(out)) {
                Bnb4bitFormat.write(w, cpu, "weight", p);
                w.commit();
            }
            try (SafetensorsFile g = SafetensorsFile.open(out)) {
                Set<String> expected = new TreeSet<>();
                for (String n : f.names()) if (n.startsWith("weight")) expected.add(n);
                assertEquals(expected, new TreeSet<>(g.names()));
                assertEquals(Bnb4bitFormat.keys("weight", Bnb4bitFormat.readJson(f, "weight")).stream().sorted().toList(), List.copyOf(expected));
                for (String n : expected) {
                    assertEquals(f.get(n).dtype(), g.get(n).dtype(), n);
                    assertArrayEquals(f.get(n).shape(), g.get(n).shape(), n);
                    assertArrayEquals(f.get(n).bytes(), g.get(n).bytes(), n);
                }
            }
        }
    }

    @Test
    void rejectsInconsistentStateDicts() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(Resources.path("golden/linear4bit_nf4_dq.safetensors"))) {
            Map<String, String> cases = new LinkedHashMap<>();
            assertMessage(new Edited(f, Map.of(), Set.of("weight.absmax")), "weight.absmax");
            assertMessage(new Edited(f, Map.of(), Set.of("weight.nested_quant_map")), "weight.nested_quant_map");
            assertMessage(new Edited(f, Map.of("weight.absmax", entry("weight.absmax", DType.U8, new long[]{10}, new byte[10])), Set.of()), "weight.absmax");
            assertMessage(new Edited(f, Map.of("weight.absmax", entry("weight.absmax", DType.F32, new long[]{1536}, new byte[1536 * 4])), Set.of()), "weight.absmax");
            assertMessage(new Edited(f, Map.of("weight", entry("weight", DType.U8, new long[]{100, 1}, new byte[100])), Set.of()), "packed weight");
            assertMessage(new Edited(f, Map.of("weight.quant_map", entry("weight.quant_map", DType.F32, new long[]{15}, new byte[60])), Set.of()), "quant_map");
            byte[] json = "{\"quant_type\": \"nf4\", \"blocksize\": 63, \"dtype\": \"bfloat16\", \"shape\": [256, 384]}".getBytes();
            assertMessage(new Edited(f, Map.of("weight.quant_state.bitsandbytes__nf4", entry("q", DType.U8, new long[]{json.length}, json)), Set.of()), "blocksize");
            assertMessage(new Edited(f, Map.of("weight.quant_state.bitsandbytes__fp4", entry("q", DType.U8, new long[]{2}, "{}".getBytes())), Set.of()), "both");
            assertMessage(new Edited(f, Map.of(), Set.of("weight.quant_state.bitsandbytes__nf4")), "found neither");
        }
    }

    private void assertMessage(TensorSource s, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bnb4bitFormat.load(cpu, s, "weight"));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
