package io.bnb.cli.train;

import io.bnb.api.Backend;
import io.bnb.api.Tensor;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A two-layer perceptron {@code W2·tanh(W1·x + b1) + b2} whose parameters and gradients are
 * tensors of a backend; forward and backward passes run on the host in Java (the SDK has no
 * autograd). Loss: mean squared error over the batch and the outputs.
 */
public final class Mlp implements AutoCloseable {
    public final int in, hidden, out;
    public final Tensor w1, b1, w2, b2;
    public final Tensor gw1, gb1, gw2, gb2;
    private final Backend backend;

    public Mlp(Backend backend, int in, int hidden, int out, long seed) {
        this.backend = backend;
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        SplittableRandom r = new SplittableRandom(seed);
        w1 = backend.upload(TeacherTask.gaussian(r, hidden * in, 1.0 / Math.sqrt(in)), hidden, in);
        b1 = backend.allocate(io.bnb.api.DType.F32, hidden);
        w2 = backend.upload(TeacherTask.gaussian(r, out * hidden, 1.0 / Math.sqrt(hidden)), out, hidden);
        b2 = backend.allocate(io.bnb.api.DType.F32, out);
        gw1 = backend.allocate(io.bnb.api.DType.F32, hidden, in);
        gb1 = backend.allocate(io.bnb.api.DType.F32, hidden);
        gw2 = backend.allocate(io.bnb.api.DType.F32, out, hidden);
        gb2 = backend.allocate(io.bnb.api.DType.F32, out);
    }

    public List<Tensor> params() { return List.of(w1, b1, w2, b2); }

    public List<Tensor> grads() { return List.of(gw1, gb1, gw2, gb2); }

    public static List<String> names() { return List.of("w1", "b1", "w2", "b2"); }

    /** Loss of the current parameters on {@code n} samples. */
    public double loss(float[] x, float[] y, int n) { return pass(x, y, null, n, false); }

    /** Loss on the samples {@code rows} and its gradient, written into the gradient tensors. */
    public double lossAndGrad(float[] x, float[] y, int[] rows) { return pass(x, y, rows, rows.length, true); }

    private double pass(float[] x, float[] y, int[] rows, int n, boolean grad) {
        float[] W1 = backend.downloadFloats(w1), B1 = backend.downloadFloats(b1);
        float[] W2 = backend.downloadFloats(w2), B2 = backend.downloadFloats(b2);
        float[] gW1 = new float[hidden * in], gB1 = new float[hidden], gW2 = new float[out * hidden], gB2 = new float[out];
        float[] h = new float[hidden], dy = new float[out], dh = new float[hidden];
        double loss = 0, scale = 2.0 / ((double) n * out);
        for (int s = 0; s < n; s++) {
            int row = rows == null ? s : rows[s];
            int xo = row * in, yo = row * out;
            for (int j = 0; j < hidden; j++) {
                float a = B1[j];
                for (int k = 0; k < in; k++) a += W1[j * in + k] * x[xo + k];
                h[j] = (float) Math.tanh(a);
            }
            for (int o = 0; o < out; o++) {
                float a = B2[o];
                for (int j = 0; j < hidden; j++) a += W2[o * hidden + j] * h[j];
                float d = a - y[yo + o];
                loss += (double) d * d;
                dy[o] = (float) (scale * d);
            }
            if (!grad) continue;
            java.util.Arrays.fill(dh, 0f);
            for (int o = 0; o < out; o++) {
                gB2[o] += dy[o];
                for (int j = 0; j < hidden; j++) {
                    gW2[o * hidden + j] += dy[o] * h[j];
                    dh[j] += dy[o] * W2[o * hidden + j];
                }
            }
            for (int j = 0; j < hidden; j++) {
                float dp = dh[j] * (1 - h[j] * h[j]);
                gB1[j] += dp;
                for (int k = 0; k < in; k++) gW1[j * in + k] += dp * x[xo + k];
            }
        }
        if (grad) {
            write(gw1, gW1);
            write(gb1, gB1);
            write(gw2, gW2);
            write(gb2, gB2);
        }
        return loss / ((double) n * out);
    }

    private void write(Tensor dst, float[] values) {
        try (Tensor t = backend.upload(values, dst.shape())) {
            backend.copyDevice(t, dst);
        }
    }

    @Override
    public void close() {
        for (Tensor t : params()) t.close();
        for (Tensor t : grads()) t.close();
    }
}
