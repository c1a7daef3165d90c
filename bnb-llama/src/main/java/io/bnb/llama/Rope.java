package io.bnb.llama;

import io.bnb.api.DType;
import io.bnb.api.Half;

/**
 * Rotary position embeddings as transformers computes them: inverse frequencies
 * {@code 1 / theta^(2i/d)} in float32 (rescaled for "linear" and "llama3"), angles
 * {@code pos · inv_freq} in float32, cos/sin rounded to the activation dtype, and
 * {@code x·cos + rotate_half(x)·sin} with each product and the sum rounded to that dtype.
 */
final class Rope {
    private final float[] invFreq;
    private final int headDim;

    Rope(LlamaConfig.Rope p, int headDim) {
        this.headDim = headDim;
        int half = headDim / 2;
        invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / headDim;
            invFreq[i] = (float) (1.0 / (float) Math.pow(p.theta(), exponent));
        }
        switch (p.type()) {
            case "linear" -> { for (int i = 0; i < half; i++) invFreq[i] = (float) (invFreq[i] / p.factor()); }
            case "llama3" -> llama3(p);
            default -> { }
        }
    }

    /** Llama 3.1 frequency rescaling: long wavelengths divided by factor, short ones kept, a smooth blend between. */
    private void llama3(LlamaConfig.Rope p) {
        double lowWavelen = p.originalMaxPositions() / p.lowFreqFactor();
        double highWavelen = p.originalMaxPositions() / p.highFreqFactor();
        for (int i = 0; i < invFreq.length; i++) {
            double f = invFreq[i];
            double wavelen = 2 * Math.PI / f;
            double r;
            if (wavelen > lowWavelen) r = f / p.factor();
            else if (wavelen < highWavelen) r = f;
            else {
                double smooth = (p.originalMaxPositions() / wavelen - p.lowFreqFactor()) / (p.highFreqFactor() - p.lowFreqFactor());
                r = (1 - smooth) * f / p.factor() + smooth * f;
            }
            invFreq[i] = (float) r;
        }
    }

    /** The inverse frequencies (a copy), for tests. */
    float[] invFreq() { return invFreq.clone(); }

    /** Rotates {@code heads} heads of one position in place ({@code x[h*headDim + j]}). */
    void apply(float[] x, int offset, int heads, int pos, DType dt) {
        int half = headDim / 2;
        float[] cos = new float[half], sin = new float[half];
        for (int i = 0; i < half; i++) {
            float angle = (float) pos * invFreq[i];
            cos[i] = Half.round((float) Math.cos(angle), dt);
            sin[i] = Half.round((float) Math.sin(angle), dt);
        }
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < half; i++) {
                float a = x[base + i], b = x[base + i + half];
                // rotate_half(x) = [-x2, x1]; emb = cat(freqs, freqs) so both halves use cos[i], sin[i]
                float ra = Half.round(Half.round(a * cos[i], dt) + Half.round(-b * sin[i], dt), dt);
                float rb = Half.round(Half.round(b * cos[i], dt) + Half.round(a * sin[i], dt), dt);
                x[base + i] = ra;
                x[base + i + half] = rb;
            }
        }
    }
}
