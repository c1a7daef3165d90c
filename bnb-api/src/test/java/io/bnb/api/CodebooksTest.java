package io.bnb.api;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The code tables against the float32 bit patterns upstream bitsandbytes produces (spec/data/*.hex,
 * copied into the test resources), and the generators against those tables.
 */
class CodebooksTest {

    /** Reads one bit pattern per line ({@code 0x%08x}). */
    static int[] hex(String name) throws IOException {
        try (InputStream in = CodebooksTest.class.getResourceAsStream(name)) {
            assertNotNull(in, "test resource " + name);
            List<Integer> bits = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.trim();
                if (!line.isEmpty()) bits.add(Integer.parseUnsignedInt(line.substring(2), 16));
            }
            return bits.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }

    static void assertBitExact(int[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        int[] got = bits(actual);
        for (int i = 0; i < expected.length; i++)
            if (expected[i] != got[i])
                fail(String.format("%s[%d]: expected 0x%08x, got 0x%08x", what, i, expected[i], got[i]));
    }

    @Test
    void nf4TableIsBitExact() throws IOException {
        assertBitExact(hex("nf4_code.hex"), Codebooks.nf4(), "nf4");
        assertBitExact(hex("nf4_code.hex"), QuantType.NF4.code(), "NF4.code()");
        assertBitExact(hex("nf4_code.hex"), Codebooks.fourBit(QuantType.NF4), "fourBit(NF4)");
    }

    @Test
    void fp4TableIsBitExactIncludingPositiveZeroAtIndex8() throws IOException {
        int[] expected = hex("fp4_code.hex");
        assertBitExact(expected, Codebooks.fp4(), "fp4");
        assertBitExact(expected, QuantType.FP4.code(), "FP4.code()");
        assertEquals(0x00000000, Float.floatToRawIntBits(Codebooks.fp4()[8]), "index 8 is +0.0, not -0.0");
    }

    @Test
    void dynamicMapsAreBitExact() throws IOException {
        assertBitExact(hex("dynamic_map_signed.hex"), Codebooks.dynamicSigned(), "dynamicSigned");
        assertBitExact(hex("dynamic_map_unsigned.hex"), Codebooks.dynamicUnsigned(), "dynamicUnsigned");
    }

    @Test
    void createDynamicMapReproducesTheUpstreamTables() throws IOException {
        assertBitExact(hex("dynamic_map_signed.hex"), Codebooks.createDynamicMap(true, 7, 8), "createDynamicMap(signed)");
        assertBitExact(hex("dynamic_map_unsigned.hex"), Codebooks.createDynamicMap(false, 7, 8), "createDynamicMap(unsigned)");
    }

    @Test
    void createNormalMapOuterEntriesAreExactlyNf4() throws IOException {
        float[] map = Codebooks.createNormalMap(0.9677083, true);
        assertEquals(256, map.length);
        float[] outer = new float[16];
        for (int i = 0; i < 16; i++) outer[i] = map[i < 8 ? i : 240 + i];
        assertBitExact(hex("nf4_code.hex"), outer, "createNormalMap [0:8]+[248:256]");
        for (int i = 8; i < 248; i++) assertEquals(0f, map[i], "middle entries are zero padding, index " + i);
    }

    @Test
    void createNormalMapWithoutExtraValueIsSymmetric() {
        float[] map = Codebooks.createNormalMap(0.9677083, false);
        // 7 quantiles per side, 242 zeros: symmetric around the middle, max 1
        assertEquals(1f, map[255]);
        assertEquals(-1f, map[0]);
        for (int i = 0; i < 7; i++) assertEquals(-map[255 - i], map[i], "entry " + i);
        for (int i = 7; i < 249; i++) assertEquals(0f, map[i], "index " + i);
    }

    @Test
    void tablesAreSortedWhereUpstreamSortsThem() {
        for (float[] t : List.of(Codebooks.nf4(), Codebooks.dynamicSigned(), Codebooks.dynamicUnsigned()))
            for (int i = 1; i < t.length; i++) assertTrue(t[i - 1] < t[i], "strictly ascending at " + i);
    }

    @Test
    void gettersReturnFreshCopies() {
        float[] a = Codebooks.nf4();
        a[0] = 42f;
        assertEquals(-1f, Codebooks.nf4()[0]);
        float[] d = Codebooks.dynamicSigned();
        d[255] = 0f;
        assertEquals(1f, Codebooks.dynamicSigned()[255]);
    }

    @Test
    void generatorsRejectBadArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> Codebooks.createDynamicMap(true, 7, 9));
        assertTrue(e.getMessage().contains("totalBits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Codebooks.createDynamicMap(true, 8, 8));
        assertTrue(e.getMessage().contains("maxExponentBits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Codebooks.createNormalMap(0.4, true));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }
}
