package io.bnb.backend.cpu;

import io.bnb.api.*;
import io.bnb.functional.Packed4bit;
import io.bnb.functional.Quant4;
import org.junit.jupiter.api.Test;

import static io.bnb.backend.cpu.FourBitGoldenTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.*;

/** The dq.* goldens: F.quantize_4bit(nf4, blocksize 64, compress_statistics=True) and its dequantization. */
class DoubleQuantGoldenTest {
    static final CpuBackend B = new CpuBackend();
    static final GoldenFile G = GoldenFile.dev();

    @Test
    void doubleQuantizationMatchesUpstream() {
        float[] x = G.floats("dq.input_fp32");
        try (Tensor a = B.upload(x, 256, 384); Packed4bit p = Quant4.quantize(B, a, QuantType.NF4, 64, true)) {
            QuantState s = p.state();
            assertArrayEquals(G.bytes("dq.packed"), B.downloadBytes(p.data()), "packed");
            assertTrue(s.isNested());
            assertEquals(Float.floatToRawIntBits(G.floats("dq.offset")[0]), Float.floatToRawIntBits(s.offset()),
                    () -> "offset: want " + G.floats("dq.offset")[0] + " got " + s.offset());
            assertArrayEquals(G.bytes("dq.nested_absmax_u8"), B.downloadBytes(s.absmax()), "nested absmax codes");
            assertBitsEqual(G.floats("dq.state2_absmax"), B.downloadFloats(s.nested().absmax()), "state2 absmax");
            assertBitsEqual(G.floats("dq.state2_code"), B.downloadFloats(s.nested().code()), "state2 code");
            assertEquals(256, s.nested().blocksize());
            try (Tensor d = Quant4.dequantize(B, p.data(), s)) {
                assertEquals(DType.F32, d.dtype());
                assertArrayEquals(new long[] {256, 384}, d.shape());
                assertBitsEqual(G.floats("dq.dequant"), B.downloadFloats(d), "dequant");
            }
        }
    }

    /** The recorded nested state (codes, offset, state2) dequantizes to the recorded output. */
    @Test
    void recordedNestedStateDequantizesExactly() {
        try (Tensor packed = G.upload(B, "dq.packed"); Tensor codes = G.upload(B, "dq.nested_absmax_u8");
             Tensor absmax2 = G.upload(B, "dq.state2_absmax"); Tensor code2 = G.upload(B, "dq.state2_code")) {
            QuantState nested = QuantState.of(absmax2, null, DType.F32, 256, code2, null);
            QuantState s = new QuantState(codes, new long[] {256, 384}, DType.F32, 64, B.upload(QuantType.NF4.code(), 16), QuantType.NF4,
                    nested, G.floats("dq.offset")[0]);
            try (Tensor d = Quant4.dequantize(B, packed, s)) {
                assertBitsEqual(G.floats("dq.dequant"), B.downloadFloats(d), "dequant");
            }
        }
    }
}
