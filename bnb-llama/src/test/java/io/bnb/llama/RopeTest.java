package io.bnb.llama;

import io.bnb.api.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RopeTest {
    /** index, default inv_freq, llama3-scaled inv_freq: transformers' formulas evaluated in float32 with NumPy (Llama 3.1 parameters). */
    static final double[][] LLAMA31 = {
            {0, 1.0, 1.0},
            {1, 0.8146172165870667, 0.8146172165870667},
            {20, 0.016560440883040428, 0.016560440883040428},
            {30, 0.002131119603291154, 0.0013718936825171113},
            {40, 0.00027424818836152554, 3.428102354519069e-05},
            {45, 9.838111145654693e-05, 1.2297638932068367e-05},
            {50, 3.529227615217678e-05, 4.411534519022098e-06},
            {63, 2.4551407022954663e-06, 3.068925877869333e-07},
    };

    @Test
    void inverseFrequenciesMatchTransformers() {
        float[] plain = new Rope(new LlamaConfig.Rope(500000.0, "default", 1, 0, 0, 0), 128).invFreq();
        float[] llama3 = new Rope(new LlamaConfig.Rope(500000.0, "llama3", 8, 1, 4, 8192), 128).invFreq();
        float[] linear = new Rope(new LlamaConfig.Rope(500000.0, "linear", 4, 0, 0, 0), 128).invFreq();
        for (double[] row : LLAMA31) {
            int i = (int) row[0];
            assertEquals(row[1], plain[i], row[1] * 2e-6, "default " + i);
            assertEquals(row[2], llama3[i], row[2] * 2e-6, "llama3 " + i);
            assertEquals(row[1] / 4, linear[i], row[1] * 2e-6, "linear " + i);
        }
    }

    @Test
    void rotationIsTransformersRotateHalf() {
        // head_dim 4: pairs (0,2) and (1,3) rotate by pos*inv_freq; position 0 is the identity
        Rope r = new Rope(new LlamaConfig.Rope(10000.0, "default", 1, 0, 0, 0), 4);
        float[] x = {1f, 2f, 3f, 4f};
        r.apply(x, 0, 1, 0, DType.F32);
        assertArrayEquals(new float[]{1f, 2f, 3f, 4f}, x);
        float[] y = {1f, 0f, 0f, 0f};
        r.apply(y, 0, 1, 1, DType.F32);
        assertEquals(Math.cos(1.0), y[0], 1e-6);
        assertEquals(Math.sin(1.0), y[2], 1e-6);
        assertEquals(0f, y[1]);
        assertEquals(0f, y[3]);
    }
}
