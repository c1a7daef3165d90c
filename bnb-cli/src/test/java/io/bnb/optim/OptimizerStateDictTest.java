package io.bnb.optim;

import io.bnb.api.*;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.bnb.optim.TestTensors.*;
import static org.junit.jupiter.api.Assertions.*;

/** stateDict / loadStateDict: a restored optimizer continues bit-identically; bad state changes nothing. */
class OptimizerStateDictTest {

    static Supplier<Optimizer> factory(String which) {
        return switch (which) {
            case "adam8" -> () -> Adam.builder().bits(8).build();
            case "adamw32" -> () -> AdamW.builder().build();
            case "ademamix8-scheduled" -> () -> AdEMAMix.builder().bits(8).tAlpha(10).tBeta3(10).build();
            case "lamb32" -> () -> LAMB.builder().build();
            case "sgd8-clipped" -> () -> SGD.builder().lr(0.01).momentum(0.9).bits(8).percentileClipping(10).build();
            case "lion8-paged" -> () -> Lion.builder().bits(8).paged(true).build();
            case "rmsprop8" -> () -> RMSprop.builder().bits(8).build();
            case "adagrad32" -> () -> Adagrad.builder().build();
            default -> throw new IllegalArgumentException(which);
        };
    }

    /** Three parameters: one above the 8-bit threshold, one below, one never stepped; two groups. */
    static final int[] SIZES = {5000, 300, 700};

    record Model(Optimizer opt, Tensor[] p, Tensor[] g) implements AutoCloseable {
        static Model of(Supplier<Optimizer> f, float[][] p0) {
            Optimizer opt = f.get();
            Tensor[] p = new Tensor[3], g = new Tensor[3];
            for (int i = 0; i < 3; i++) {
                p[i] = upload(p0[i]);
                g[i] = zeros(DType.F32, SIZES[i]);
            }
            opt.add(p[0], g[0]);
            opt.addGroup().lr(opt.defaults().lr() / 2).add(p[1], g[1]).add(p[2], null);
            return new Model(opt, p, g);
        }

        void steps(int from, int to) {
            for (int s = from; s < to; s++) {
                for (int i = 0; i < 2; i++) fill(g[i], randn(1000L * s + i, SIZES[i], s == 4 ? 0.5 : 0.01));
                opt.step();
            }
        }

        @Override
        public void close() {
            opt.close();
            for (Tensor t : p) t.close();
            for (Tensor t : g) t.close();
        }
    }

    static float[][] initial() {
        float[][] p0 = new float[3][];
        for (int i = 0; i < 3; i++) p0[i] = randn(i, SIZES[i], 0.1);
        return p0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam8", "adamw32", "ademamix8-scheduled", "lamb32", "sgd8-clipped", "lion8-paged", "rmsprop8", "adagrad32"})
    void restoredOptimizerContinuesBitIdentically(String which) {
        float[][] p0 = initial();
        try (Model a = Model.of(factory(which), p0)) {
            a.steps(0, 3);
            a.opt.group(1).lr(a.opt.group(1).lr() * 0.5); // a schedule changed the lr: restored with the state
            float[][] mid = new float[3][];
            for (int i = 0; i < 3; i++) mid[i] = CPU.downloadFloats(a.p[i]);
            OptimizerState saved = a.opt.stateDict();
            assertEquals("3", saved.metadata().get("state.0.step"));
            assertNull(saved.metadata().get("state.2.step"), "a parameter that never stepped has no state");
            try (Model b = Model.of(factory(which), mid)) {
                b.opt.loadStateDict(saved);
                assertEquals(a.opt.group(1).hyperparams(), b.opt.group(1).hyperparams());
                assertEquals(snapshot(a.opt), snapshot(b.opt), "restored state equals the saved one");
                a.steps(3, 7);
                b.steps(3, 7);
                assertEquals(snapshot(a.opt), snapshot(b.opt), "parameters, states and steps are bit-identical after 4 more steps");
            }
        }
    }

    @Test
    void badStateIsRejectedAndChangesNothing() {
        float[][] p0 = initial();
        try (Model a = Model.of(factory("adam8"), p0); Model b = Model.of(factory("adam8"), p0)) {
            a.steps(0, 2);
            b.steps(0, 1);
            OptimizerState good = a.opt.stateDict();
            List<Object> before = snapshot(b.opt);

            Map<String, String> meta = new HashMap<>(good.metadata());
            meta.put("kind", "lion");
            assertRejected(b, new OptimizerState(good.tensors(), meta), "kind");

            Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
            tensors.remove("state.0.absmax2");
            assertRejected(b, new OptimizerState(tensors, good.metadata()), "absmax2");

            try (Tensor wrong = zeros(DType.U8, 4999)) {
                tensors = new LinkedHashMap<>(good.tensors());
                tensors.put("state.0.state1", wrong);
                assertRejected(b, new OptimizerState(tensors, good.metadata()), "state1");
            }

            tensors = new LinkedHashMap<>(good.tensors());
            tensors.put("state.9.state1", good.tensors().get("state.0.state1"));
            assertRejected(b, new OptimizerState(tensors, good.metadata()), "parameter 9");

            meta = new HashMap<>(good.metadata());
            meta.put("group.1.params", "1");
            assertRejected(b, new OptimizerState(good.tensors(), meta), "params");

            meta = new HashMap<>(good.metadata());
            meta.put("group.0.beta1", "1.0");
            assertRejected(b, new OptimizerState(good.tensors(), meta), "beta1");

            assertEquals(before, snapshot(b.opt));
            b.opt.loadStateDict(good);
            assertEquals(snapshot(a.opt).subList(1, 4), snapshot(b.opt).subList(1, 4), "the good state still loads");
        }
    }

    static void assertRejected(Model m, OptimizerState s, String mentions) {
        var e = assertThrows(IllegalArgumentException.class, () -> m.opt.loadStateDict(s));
        assertTrue(e.getMessage().contains(mentions), e.getMessage());
    }
}
