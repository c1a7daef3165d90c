package io.bnb.backend.cpu;

import io.bnb.api.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;

import static io.bnb.backend.cpu.FourBitGoldenTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.*;

/** quantize_blockwise / dequantize_blockwise against every q8.* golden (20123 values, signed dynamic map). */
class Blockwise8GoldenTest {
    static final CpuBackend B = new CpuBackend();
    static final GoldenFile G = GoldenFile.dev();

    @Test
    void recordedMapsAreTheBuiltInOnes() {
        assertBitsEqual(G.floats("q8.dynamic_map_signed"), Codebooks.dynamicSigned(), "signed dynamic map");
        assertBitsEqual(G.floats("q8.dynamic_map_unsigned"), Codebooks.dynamicUnsigned(), "unsigned dynamic map");
    }

    @Test
    void everyBlocksizeIsCovered() {
        long n = G.names().stream().filter(s -> s.matches("q8\\.bs\\d+\\.q")).count();
        assertEquals(7, n);
    }

    @ParameterizedTest(name = "bs{0}")
    @ValueSource(ints = {64, 128, 256, 512, 1024, 2048, 4096})
    void quantizeMatchesUpstream(int bs) {
        float[] x = G.floats("q8.input_fp32");
        byte[] want = G.bytes("q8.bs" + bs + ".q");
        float[] wantAbsmax = G.floats("q8.bs" + bs + ".absmax");
        try (Tensor a = B.upload(x, x.length); Tensor code = G.upload(B, "q8.dynamic_map_signed");
             Quantized q = B.quantizeBlockwise(a, code, bs)) {
            assertEquals(DType.U8, q.data().dtype());
            assertArrayEquals(a.shape(), q.data().shape());
            assertArrayEquals(want, B.downloadBytes(q.data()), "codes bs" + bs);
            assertBitsEqual(wantAbsmax, B.downloadFloats(q.absmax()), "absmax bs" + bs);

            // the scalar path on its own
            try (Tensor out = B.allocate(DType.U8, x.length)) {
                NearestCode search = new NearestCode(G.floats("q8.dynamic_map_signed"));
                MemorySegment in = CpuBackend.seg(a);
                for (int blk = 0; blk < wantAbsmax.length; blk++) {
                    int len = Math.min(bs, x.length - blk * bs);
                    float m = Blockwise8Kernels.absmaxScalar(in, DType.F32, (long) blk * bs, len);
                    assertEquals(Float.floatToRawIntBits(wantAbsmax[blk]), Float.floatToRawIntBits(m), "scalar absmax");
                    Blockwise8Kernels.quantizeBlock(in, DType.F32, (long) blk * bs, len, m, search, CpuBackend.seg(out));
                }
                assertArrayEquals(want, B.downloadBytes(out), "scalar codes bs" + bs);
            }
        }
    }

    @ParameterizedTest(name = "bs{0}")
    @ValueSource(ints = {64, 128, 256, 512, 1024, 2048, 4096})
    void dequantizeMatchesUpstream(int bs) {
        try (Tensor q = G.upload(B, "q8.bs" + bs + ".q"); Tensor absmax = G.upload(B, "q8.bs" + bs + ".absmax");
             Tensor code = G.upload(B, "q8.dynamic_map_signed");
             Tensor out = B.dequantizeBlockwise(q, absmax, code, bs, DType.F32)) {
            assertArrayEquals(q.shape(), out.shape());
            assertBitsEqual(G.floats("q8.bs" + bs + ".dequant"), B.downloadFloats(out), "dequant bs" + bs);
        }
    }
}
