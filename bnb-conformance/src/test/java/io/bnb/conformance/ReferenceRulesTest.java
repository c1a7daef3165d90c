package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The suite's own independent statements of the rules (Ref4, Ref8, RefInt8, RefOptim) reproduce the
 * upstream CUDA goldens: the yardsticks are right before any backend is measured with them.
 */
class ReferenceRulesTest {
    private final Golden g = Golden.get();

    @Test
    void blockwise8RuleReproducesCudaCodes() {
        float[] x = g.floats("q8.input_fp32"), code = g.floats("q8.dynamic_map_signed");
        assertArrayEquals(Codebooks.dynamicSigned(), code);
        for (int bs : Blockwise8Suite.BLOCKSIZES) {
            assertArrayEquals(g.floats("q8.bs" + bs + ".absmax"), Ref4.absmax(x, bs));
            assertArrayEquals(Host.unsigned(g.bytes("q8.bs" + bs + ".q")), Ref8.codes(x, code, bs), "bs " + bs);
            assertArrayEquals(g.floats("q8.bs" + bs + ".dequant"), Ref8.dequantize(g.bytes("q8.bs" + bs + ".q"), Ref4.absmax(x, bs), code, bs));
        }
    }

    @Test
    void fourBitRuleReproducesCudaCodesUpToFastMathThresholds() {
        int cases = 0;
        for (QuantType t : QuantType.values())
            for (String d : new String[]{"fp32", "fp16", "bf16"})
                for (int bs : new int[]{32, 64, 128, 256, 4096}) {
                    String p = "q4." + t.upstreamName() + "." + d + ".bs" + bs;
                    DType dt = Quant4Checks.goldenDtype(d);
                    float[] x = Num.round(g.floats("q4.input_fp32"), dt);
                    float[] am = Ref4.absmax(x, bs);
                    assertArrayEquals(g.floats(p + ".absmax"), am, p);
                    byte[] mine = Ref4.pack(Ref4.codes(x, bs, t), t);
                    Codes4.expectPacked(p, g.bytes(p + ".packed"), mine, x, am, bs, t);
                    if (dt == DType.F32 || t == QuantType.NF4) assertArrayEquals(g.bytes(p + ".packed"), mine, p + " exact");
                    float[] deq = Num.round(Ref4.dequantize(Ref4.unpack(g.bytes(p + ".packed"), x.length), am, bs, t), dt);
                    float[] gd = g.floats(p + ".dequant");
                    for (int i = 0; i < gd.length; i++) assertTrue(Expect.same(gd[i], deq[i]), p + " dequant " + i);
                    cases++;
                }
        assertEquals(30, cases);
        float[] odd = g.floats("q4odd.input_fp32");
        assertArrayEquals(g.bytes("q4odd.nf4.bs64.packed"), Ref4.pack(Ref4.codes(odd, 64, QuantType.NF4), QuantType.NF4));
    }

    @Test
    void codeComparisonRejectsFlippedNibbles() {
        float[] x = g.floats("q4.input_fp32");
        byte[] packed = g.bytes("q4.nf4.fp32.bs64.packed").clone();
        for (int i = 0; i < packed.length; i++) packed[i] = (byte) ((packed[i] & 0xf) << 4 | (packed[i] >> 4) & 0xf);
        assertThrows(AssertionError.class, () -> Codes4.expectPacked("flipped", g.bytes("q4.nf4.fp32.bs64.packed"), packed, x,
                Ref4.absmax(x, 64), 64, QuantType.NF4));
    }

    @Test
    void int8RulesReproduceCuda() {
        float[] x = g.floats("int8.x_fp16");
        long[] shape = g.shape("int8.x_fp16");
        int rows = (int) shape[0], cols = (int) shape[1];
        for (String t : new String[]{"0.0", "6.0"}) {
            RefInt8.Result r = RefInt8.vectorwise(x, rows, cols, Float.parseFloat(t));
            RefInt8.expectCodes("threshold " + t, g.bytes("int8.vq.t" + t + ".q"), r.codes(), x, r.stats(), cols);
            if (t.equals("0.0")) assertArrayEquals(g.bytes("int8.vq.t" + t + ".q"), r.codes());
            assertArrayEquals(g.floats("int8.vq.t" + t + ".row_stats"), r.stats());
            if (!t.equals("0.0")) assertArrayEquals(g.longs("int8.vq.t" + t + ".outlier_cols"), r.outlierCols());
        }
        long[] w = g.shape("int8.w.q");
        long[] mm = RefInt8.matmul(g.bytes("int8.vq.t0.0.q"), g.bytes("int8.w.q"), rows, (int) w[0], cols);
        int[] gold = g.ints("int8.mm.out_i32");
        for (int i = 0; i < gold.length; i++) assertEquals(gold[i], mm[i]);
        float[] rs = g.floats("int8.vq.t0.0.row_stats"), cs = g.floats("int8.w.row_stats"), bias = g.floats("int8.bias"), out = g.floats("int8.mmdq.out");
        int n = (int) w[0];
        for (int i = 0; i < out.length; i++) assertEquals(out[i], RefInt8.mmDequant(gold[i], rs[i / n], cs[i % n], bias[i % n]), "mmdq " + i);
    }

    @Test
    void optimizer32RuleReproducesCuda() {
        for (String key : new String[]{"adam_wd0.0", "adam_wd0.01", "momentum_wd0.0", "rmsprop_wd0.0", "lion_wd0.0", "adagrad_wd0.0", "ademamix_wd0.0"}) {
            String kernel = key.substring(0, key.indexOf("_wd"));
            OptimizerKind k = OptimizerKind.fromUpstream(kernel);
            Hyper h = OptimConfig.golden(kernel, Float.parseFloat(key.substring(key.indexOf("_wd") + 3)));
            RefOptim.State st = new RefOptim.State(g.floats("optim.p0"));
            for (int t = 1; t <= 5; t++) RefOptim.step32(k, st, g.floats("optim.g" + (t - 1)), h.withStep(t));
            Expect.close(key + " p", g.floats("optim32." + key + ".p"), st.p, 1e-6, 1e-5);
            float[] s1 = g.floats("optim32." + key + ".s1");
            if (k == OptimizerKind.ADEMAMIX) {
                float[] both = new float[2 * st.p.length];
                System.arraycopy(st.s1, 0, both, 0, st.p.length);
                System.arraycopy(st.m2, 0, both, st.p.length, st.p.length);
                Expect.close(key + " s1", s1, both, 1e-6, 1e-5);
            } else {
                Expect.close(key + " s1", s1, st.s1, 1e-6, 1e-5);
            }
        }
    }

    @Test
    void optimizer8RuleReproducesCudaUpToFastMath() {
        float[] q1 = Codebooks.dynamicSigned(), q2 = Codebooks.dynamicUnsigned();
        for (String key : new String[]{"adam_wd0.0", "adam_wd0.01", "momentum_wd0.0", "rmsprop_wd0.0", "lion_wd0.0", "adagrad_wd0.0"}) {
            String kernel = key.substring(0, key.indexOf("_wd"));
            OptimizerKind k = OptimizerKind.fromUpstream(kernel);
            Hyper h = OptimConfig.golden(kernel, Float.parseFloat(key.substring(key.indexOf("_wd") + 3)));
            float[] p = g.floats("optim.p0");
            int n = p.length, blocks = Math.ceilDiv(n, 256);
            byte[] c1 = new byte[n], c2 = new byte[n];
            float[] a1 = new float[blocks], a2 = new float[blocks];
            for (int t = 1; t <= 5; t++) {
                RefOptim.State st = new RefOptim.State(p, OptimChecks.deq(c1, 0, n, a1, 0, q1), OptimChecks.deq(c2, 0, n, a2, 0, q2), null);
                RefOptim.step8(k, st, g.floats("optim.g" + (t - 1)), h.withStep(t));
                a1 = Ref4.absmax(st.s1, 256);
                a2 = Ref4.absmax(st.s2, 256);
                for (int i = 0; i < n; i++) {
                    c1[i] = (byte) Ref8.requantize(q1, st.s1[i], a1[i / 256], true);
                    c2[i] = (byte) Ref8.requantize(q2, st.s2[i], a2[i / 256], false);
                }
                p = st.p;
            }
            byte[] gc = g.bytes("optim8." + key + ".s1");
            int diff = 0;
            for (int i = 0; i < n; i++) if (gc[i] != c1[i]) diff++;
            assertTrue(diff <= 3, key + ": " + diff + " codes differ");
            Expect.close(key + " absmax1", g.floats("optim8." + key + ".a1"), a1, 0, 1e-5);
            Expect.close(key + " p", g.floats("optim8." + key + ".p"), p, 1e-6, 1e-5, 5);
        }
    }
}
