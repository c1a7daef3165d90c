package io.bnb.llama;

import io.bnb.api.Backend;
import io.bnb.api.Bnb;
import io.bnb.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The NF4 double-quantized tiny Llama transformers wrote, against the logits transformers computed for it. */
class TinyLlamaTest {
    static Path resource(String name) {
        try {
            return Path.of(TinyLlamaTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Max |a-b| and argmax agreement wherever the reference's top-two gap exceeds {@code margin}. */
    record Comparison(double maxAbs, int positions, int clearPositions, int clearAgree, int allAgree) {
        static Comparison of(float[] got, float[] ref, int vocab, double margin) {
            double max = 0;
            for (int i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(got[i] - ref[i]));
            int[] a = LlamaModel.argmax(got, vocab), b = LlamaModel.argmax(ref, vocab);
            int clear = 0, clearAgree = 0, agree = 0;
            for (int t = 0; t < a.length; t++) {
                float best = ref[t * vocab + b[t]], second = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < vocab; j++) if (j != b[t]) second = Math.max(second, ref[t * vocab + j]);
                if (a[t] == b[t]) agree++;
                if (best - second > margin) {
                    clear++;
                    if (a[t] == b[t]) clearAgree++;
                }
            }
            return new Comparison(max, a.length, clear, clearAgree, agree);
        }
    }

    @Test
    void logitsMatchTransformers() throws IOException {
        Backend cpu = Bnb.backend("cpu");
        try (SafetensorsFile ref = SafetensorsFile.open(resource("tiny-llama-bnb-nf4/reference_logits.safetensors"));
             LlamaModel m = LlamaModel.load(resource("tiny-llama-bnb-nf4"), cpu)) {
            assertEquals(io.bnb.api.DType.BF16, m.dtype());
            assertEquals(java.util.Map.of("nf4+dq", 14, "lm_head:bfloat16", 1), m.linearKinds());
            long[] ids = ref.get("input_ids").longs();
            float[] logits = m.forward(ids);
            float[] want = ref.get("logits_nf4").floats();
            assertEquals(want.length, logits.length);
            Comparison c = Comparison.of(logits, want, 512, 0.05);
            System.out.printf("tiny-llama NF4 vs transformers: max |logit diff| %.5f; argmax agrees at %d/%d positions (%d/%d where the top-two gap > 0.05)%n",
                    c.maxAbs(), c.allAgree(), c.positions(), c.clearAgree(), c.clearPositions());
            assertTrue(c.maxAbs() < 0.05, "max abs logit error " + c.maxAbs());
            assertEquals(c.clearPositions(), c.clearAgree(), "argmax must agree wherever the reference's top-two gap is clear");
        }
    }
}
