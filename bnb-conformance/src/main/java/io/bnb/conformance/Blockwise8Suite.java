package io.bnb.conformance;

import io.bnb.api.*;
import io.bnb.conformance.check.*;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/** 8-bit blockwise quantization (spec OPS.md §2, TOLERANCES.md §1). Cell {@code blockwise8}. */
public interface Blockwise8Suite extends SuiteContext {
    int[] BLOCKSIZES = {64, 128, 256, 512, 1024, 2048, 4096};

    // ------------------------------------------------------------------ (a) goldens

    @TestFactory
    @Tag("blockwise8")
    default Stream<DynamicTest> required_quantizeBlockwise_golden() {
        Golden g = Golden.get();
        g.require("q8.input_fp32", "q8.dynamic_map_signed");
        List<DynamicTest> tests = new ArrayList<>();
        for (Matcher m : g.matching("q8\\.bs(\\d+)\\.q")) {
            int bs = Integer.parseInt(m.group(1));
            String p = "q8.bs" + bs;
            tests.add(Host.test("blocksize " + bs, () -> {
                g.require(p + ".absmax");
                float[] x = g.floats("q8.input_fp32"), code = g.floats("q8.dynamic_map_signed");
                Backend b = backend();
                try (Scope s = new Scope()) {
                    Tensor a = s.add(b.upload(x, DType.F32, g.shape("q8.input_fp32")));
                    Quantized q = s.add(b.quantizeBlockwise(a, s.add(b.upload(code, 256)), bs));
                    Expect.shape("data shape", g.shape("q8.input_fp32"), q.data().shape());
                    Expect.identical("absmax", g.floats(p + ".absmax"), b.downloadFloats(q.absmax()));
                    Codes8.expectCodes("codes", Host.unsigned(g.bytes(p + ".q")), Host.unsigned(b.downloadBytes(q.data())),
                            x, code, g.floats(p + ".absmax"), bs);
                }
            }));
        }
        return Host.orSkip(tests, "golden file " + g.source() + " has no q8.bs*.q keys");
    }

    @TestFactory
    @Tag("blockwise8")
    default Stream<DynamicTest> required_dequantizeBlockwise_golden() {
        Golden g = Golden.get();
        g.require("q8.dynamic_map_signed");
        List<DynamicTest> tests = new ArrayList<>();
        for (Matcher m : g.matching("q8\\.bs(\\d+)\\.dequant")) {
            int bs = Integer.parseInt(m.group(1));
            String p = "q8.bs" + bs;
            tests.add(Host.test("blocksize " + bs, () -> {
                g.require(p + ".q", p + ".absmax");
                Backend b = backend();
                float[] expected = g.floats(p + ".dequant");
                try (Scope s = new Scope()) {
                    Tensor q = s.add(b.upload(g.bytes(p + ".q"), DType.U8, g.shape(p + ".q")));
                    Tensor am = s.add(b.upload(g.floats(p + ".absmax"), g.numel(p + ".absmax")));
                    Tensor code = s.add(b.upload(g.floats("q8.dynamic_map_signed"), 256));
                    for (DType dt : new DType[]{DType.F32, DType.F16, DType.BF16}) {
                        Tensor out = s.add(b.dequantizeBlockwise(q, am, code, bs, dt));
                        Expect.isTrue(out.dtype() == dt, "output dtype " + out.dtype() + ", expected " + dt);
                        Expect.shape("output shape", g.shape(p + ".q"), out.shape());
                        Expect.identical("dequantized " + dt, Num.round(expected, dt), b.downloadFloats(out));
                    }
                }
            }));
        }
        return Host.orSkip(tests, "golden file " + g.source() + " has no q8.bs*.dequant keys");
    }

    // ------------------------------------------------------------------ (b) properties

    /** Codes and absmax follow the rule exactly: nearest code of x·(1/absmax), even index on ties. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    @Tag("blockwise8")
    default void required_quantizeBlockwise_nearestCode(DType dt) {
        Backend b = backend();
        float[] code = Codebooks.dynamicSigned();
        Rand r = Rand.seed(801);
        for (int bs : BLOCKSIZES) {
            int n = 3 * bs + 37; // a tail block
            float[] x = r.normal(n, 3.0);
            for (int i = bs; i < 2 * bs; i++) x[i] = x[i] * 1e-3f; // a block of small values
            x = Num.round(x, dt);
            try (Scope s = new Scope()) {
                Tensor a = s.add(b.upload(x, dt, n));
                Quantized q = s.add(b.quantizeBlockwise(a, s.add(b.upload(code, 256)), bs));
                float[] am = Ref4.absmax(x, bs);
                Expect.identical("absmax (bs " + bs + ")", am, b.downloadFloats(q.absmax()));
                Codes8.expectCodes("codes (" + dt + ", bs " + bs + ")", Ref8.codes(x, code, bs),
                        Host.unsigned(b.downloadBytes(q.data())), x, code, am, bs);
            }
        }
    }

    @Test
    @Tag("blockwise8")
    default void required_quantizeBlockwise_shapesAndDtypes() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor a = s.add(b.upload(Rand.seed(802).randn(3 * 5 * 100), DType.BF16, 3, 5, 100));
            Quantized q = s.add(b.quantizeBlockwise(a, s.add(b.upload(Codebooks.dynamicSigned(), 256)), 64));
            Expect.isTrue(q.data().dtype() == DType.U8, "data dtype " + q.data().dtype() + ", expected U8");
            Expect.shape("data shape", new long[]{3, 5, 100}, q.data().shape());
            Expect.isTrue(q.absmax().dtype() == DType.F32, "absmax dtype " + q.absmax().dtype() + ", expected F32");
            Expect.shape("absmax shape", new long[]{(1500 + 63) / 64}, q.absmax().shape());
        }
    }

    /** An all-zero block dequantizes to zeros (its code is backend-defined, OPS.md §2.2). */
    @Test
    @Tag("blockwise8")
    default void required_quantizeBlockwise_allZeroBlock() {
        Backend b = backend();
        float[] x = Rand.seed(803).randn(300);
        java.util.Arrays.fill(x, 64, 128, 0f);
        java.util.Arrays.fill(x, 256, 300, 0f); // zero tail block
        try (Scope s = new Scope()) {
            Tensor code = s.add(b.upload(Codebooks.dynamicSigned(), 256));
            Quantized q = s.add(b.quantizeBlockwise(s.add(b.upload(x, 300)), code, 64));
            float[] am = b.downloadFloats(q.absmax());
            Expect.isTrue(am[1] == 0f && am[4] == 0f, "absmax of all-zero blocks = " + am[1] + ", " + am[4] + ", expected 0");
            float[] y = b.downloadFloats(s.add(b.dequantizeBlockwise(q.data(), q.absmax(), code, 64, DType.F32)));
            for (int i : new int[]{64, 100, 127, 256, 299}) Expect.isTrue(y[i] == 0f, "element " + i + " of an all-zero block dequantized to " + y[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    @Tag("blockwise8")
    default void required_dequantizeBlockwise_formula(DType dt) {
        Backend b = backend();
        Rand r = Rand.seed(804);
        float[] code = Codebooks.dynamicSigned();
        for (int bs : BLOCKSIZES) {
            int n = 2 * bs + 11;
            byte[] q = r.int8(n, 0, 256);
            float[] am = r.normal(Math.ceilDiv(n, bs), 10.0);
            for (int i = 0; i < am.length; i++) am[i] = Math.abs(am[i]);
            float[] expected = Num.round(Ref8.dequantize(q, am, code, bs), dt);
            try (Scope s = new Scope()) {
                Tensor out = s.add(b.dequantizeBlockwise(s.add(Host.u8(b, q, n)), s.add(b.upload(am, am.length)),
                        s.add(b.upload(code, 256)), bs, dt));
                Expect.isTrue(out.dtype() == dt, "output dtype " + out.dtype() + ", expected " + dt);
                Expect.identical("dequantized (bs " + bs + ")", expected, b.downloadFloats(out));
            }
        }
    }

    /** TOLERANCES.md §1 part 1: default signed code on N(0,1) data; mean abs err < 0.011, rel < 0.018. */
    @ParameterizedTest(name = "{0} bs {1}")
    @CsvSource({"F32,4096", "F32,2048", "F32,1024", "F32,512", "F32,256", "F32,128", "F32,64",
                "F16,4096", "F16,2048", "F16,1024", "F16,512", "F16,256", "F16,128", "F16,64",
                "BF16,4096", "BF16,2048", "BF16,1024", "BF16,512", "BF16,256", "BF16,128", "BF16,64"})
    @Tag("blockwise8")
    default void required_quantizeBlockwise_errorBounds(DType dt, int bs) {
        int n = Grid.pick(256 * 1024, 1024 * 1024);
        float[] x = Num.round(Rand.seed(805 + bs).randn(n), dt);
        float[] y = roundTrip8(x, dt, Codebooks.dynamicSigned(), bs);
        Expect.below("mean abs error", Num.meanAbs(x, y), 0.011);
        Expect.below("mean rel error", Num.meanRel(x, y, 1e-8), 0.018);
    }

    /** TOLERANCES.md §1 part 2: create_dynamic_map(signed) on uniform [0,1) data. */
    @ParameterizedTest(name = "signed={0} bs {1}")
    @CsvSource({"true,4096", "true,1024", "true,256", "true,64", "false,4096", "false,1024", "false,256", "false,64"})
    @Tag("blockwise8")
    default void required_quantizeBlockwise_dynamicMapErrorBounds(boolean signed, int bs) {
        float[] code = Codebooks.createDynamicMap(signed, 7, 8);
        int n = Grid.pick(256 * 1024, 1024 * 1024);
        for (DType dt : new DType[]{DType.F32, DType.F16, DType.BF16}) {
            float[] x = Num.round(Rand.seed(806 + bs).rand(n), dt);
            float[] y = roundTrip8(x, dt, code, bs);
            Expect.below(dt + " mean abs error", Num.meanAbs(x, y), signed ? 0.0036 : 0.0023);
            Expect.below(dt + " mean rel error", Num.meanRel(x, y, 1e-8), signed ? 0.015 : 0.012);
        }
    }

    private float[] roundTrip8(float[] x, DType dt, float[] code, int bs) {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor c = s.add(b.upload(code, 256));
            Quantized q = s.add(b.quantizeBlockwise(s.add(b.upload(x, dt, 1024, x.length / 1024)), c, bs));
            Tensor y = s.add(b.dequantizeBlockwise(q.data(), q.absmax(), c, bs, dt));
            Expect.isTrue(y.dtype() == dt, "round trip dtype " + y.dtype() + ", expected " + dt);
            return b.downloadFloats(y);
        }
    }

    // ------------------------------------------------------------------ (c) agreement with the CPU reference

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    @Tag("blockwise8")
    default void required_quantizeBlockwise_matchesReference(DType dt) {
        requireNotReference();
        Backend b = backend(), ref = reference();
        float[] code = Codebooks.dynamicSigned();
        for (int bs : BLOCKSIZES) {
            int n = 5 * bs + 3;
            float[] x = Num.round(Rand.seed(807 + bs).normal(n, 2.0), dt);
            try (Scope s = new Scope()) {
                Quantized q = s.add(b.quantizeBlockwise(s.add(b.upload(x, dt, n)), s.add(b.upload(code, 256)), bs));
                Quantized e = s.add(ref.quantizeBlockwise(s.add(ref.upload(x, dt, n)), s.add(ref.upload(code, 256)), bs));
                float[] am = ref.downloadFloats(e.absmax());
                Expect.identical("absmax (bs " + bs + ")", am, b.downloadFloats(q.absmax()));
                Codes8.expectCodes("codes (bs " + bs + ")", Host.unsigned(ref.downloadBytes(e.data())),
                        Host.unsigned(b.downloadBytes(q.data())), x, code, am, bs);
            }
        }
    }

    @Test
    @Tag("blockwise8")
    default void required_dequantizeBlockwise_matchesReference() {
        requireNotReference();
        Backend b = backend(), ref = reference();
        Rand r = Rand.seed(808);
        float[] code = Codebooks.dynamicUnsigned();
        int n = 4096 * 3 + 5, bs = 256;
        byte[] q = r.int8(n, 0, 256);
        float[] am = r.rand(Math.ceilDiv(n, bs));
        for (DType dt : new DType[]{DType.F32, DType.F16, DType.BF16}) {
            try (Scope s = new Scope()) {
                Tensor out = s.add(b.dequantizeBlockwise(s.add(Host.u8(b, q, n)), s.add(b.upload(am, am.length)), s.add(b.upload(code, 256)), bs, dt));
                Tensor exp = s.add(ref.dequantizeBlockwise(s.add(Host.u8(ref, q, n)), s.add(ref.upload(am, am.length)), s.add(ref.upload(code, 256)), bs, dt));
                Expect.identical("dequantized " + dt, ref.downloadFloats(exp), b.downloadFloats(out));
            }
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    @Tag("blockwise8")
    default void required_quantizeBlockwise_rejectsBadInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor a = s.add(b.upload(Rand.seed(809).randn(512), 512));
            Tensor code = s.add(b.upload(Codebooks.dynamicSigned(), 256));
            Reject.Snapshot snap = Reject.snapshot(b, a, code);
            for (int bs : new int[]{32, 0, -64, 100, 8192})
                Reject.argument("blocksize " + bs, "blocksize", snap, () -> b.quantizeBlockwise(a, code, bs));
            Tensor shortCode = s.add(b.upload(new float[255], 255));
            Reject.argument("255-entry code", "code", snap, () -> b.quantizeBlockwise(a, shortCode, 64));
            Tensor halfCode = s.add(b.upload(Codebooks.dynamicSigned(), DType.F16, 256));
            Reject.argument("F16 code", "code", snap, () -> b.quantizeBlockwise(a, halfCode, 64));
            Tensor ints = s.add(b.allocate(DType.I32, 512));
            Reject.argument("I32 input", "A", snap, () -> b.quantizeBlockwise(ints, code, 64));
            Reject.argument("null input", "A", snap, () -> b.quantizeBlockwise(null, code, 64));
            Tensor closed = b.upload(new float[64], 64);
            closed.close();
            Reject.state("closed input", "A", snap, () -> b.quantizeBlockwise(closed, code, 64));
        }
    }

    @Test
    @Tag("blockwise8")
    default void required_dequantizeBlockwise_rejectsBadInput() {
        Backend b = backend();
        try (Scope s = new Scope()) {
            Tensor q = s.add(Host.u8(b, Rand.seed(810).int8(300, 0, 256), 300));
            Tensor am = s.add(b.upload(new float[]{1, 2, 3, 4, 5}, 5));
            Tensor code = s.add(b.upload(Codebooks.dynamicSigned(), 256));
            Reject.Snapshot snap = Reject.snapshot(b, q, am, code);
            Tensor amShort = s.add(b.upload(new float[]{1, 2, 3, 4}, 4));
            Reject.argument("4 absmax for 5 blocks", "absmax", snap, () -> b.dequantizeBlockwise(q, amShort, code, 64, DType.F32));
            Tensor qf = s.add(b.upload(new float[300], 300));
            Reject.argument("F32 codes", "A", snap, () -> b.dequantizeBlockwise(qf, am, code, 64, DType.F32));
            Reject.argument("I8 output dtype", "dtype", snap, () -> b.dequantizeBlockwise(q, am, code, 64, DType.I8));
            Tensor code16 = s.add(b.upload(new float[16], 16));
            Reject.argument("16-entry code", "code", snap, () -> b.dequantizeBlockwise(q, am, code16, 64, DType.F32));
            Reject.argument("blocksize 48", "blocksize", snap, () -> b.dequantizeBlockwise(q, am, code, 48, DType.F32));
        }
    }
}
