package io.bnb.cli.train;

import java.util.SplittableRandom;

/**
 * A generated regression task: inputs from N(0, 1), targets from a fixed random "teacher" MLP
 * {@code W2·tanh(W1·x + b1)} plus Gaussian noise, so the best reachable loss is the noise
 * variance and two optimizers can be compared by their final loss.
 */
public final class TeacherTask {
    public final int in, out, trainSize, valSize;
    public final float[] trainX, trainY, valX, valY;

    public TeacherTask(int in, int teacherHidden, int out, int trainSize, int valSize, double noise, long seed) {
        this.in = in;
        this.out = out;
        this.trainSize = trainSize;
        this.valSize = valSize;
        SplittableRandom r = new SplittableRandom(seed);
        float[] w1 = gaussian(r, teacherHidden * in, 1.5 / Math.sqrt(in));
        float[] b1 = gaussian(r, teacherHidden, 0.1);
        float[] w2 = gaussian(r, out * teacherHidden, 1.0 / Math.sqrt(teacherHidden));
        trainX = gaussian(r, trainSize * in, 1.0);
        valX = gaussian(r, valSize * in, 1.0);
        trainY = label(trainX, trainSize, w1, b1, w2, teacherHidden, noise, r);
        valY = label(valX, valSize, w1, b1, w2, teacherHidden, noise, r);
    }

    private float[] label(float[] x, int n, float[] w1, float[] b1, float[] w2, int hid, double noise, SplittableRandom r) {
        float[] y = new float[n * out];
        float[] h = new float[hid];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < hid; j++) {
                double a = b1[j];
                for (int k = 0; k < in; k++) a += w1[j * in + k] * x[s * in + k];
                h[j] = (float) Math.tanh(a);
            }
            for (int o = 0; o < out; o++) {
                double a = 0;
                for (int j = 0; j < hid; j++) a += w2[o * hid + j] * h[j];
                y[s * out + o] = (float) (a + noise * r.nextGaussian());
            }
        }
        return y;
    }

    static float[] gaussian(SplittableRandom r, int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (std * r.nextGaussian());
        return a;
    }
}
