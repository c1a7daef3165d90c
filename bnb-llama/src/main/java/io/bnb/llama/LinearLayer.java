package io.bnb.llama;

/** One linear map of the model, working on host activations {@code [rows, in]} already rounded to the activation dtype. */
interface LinearLayer extends AutoCloseable {
    /** {@code y[rows, out]} rounded to the activation dtype. */
    float[] forward(float[] x, int rows);

    long inFeatures();

    long outFeatures();

    /** "nf4", "fp4", "int8" or the dense dtype, for reports. */
    String kind();

    @Override
    void close();
}
