package io.bnb.spi;

/**
 * Optional capability of a backend: timing of a piece of device work with device-side events
 * (CUDA events and the like). Benchmarks use it when the backend (after
 * {@link HostFallback#unwrap}) implements it, and host wall-clock timing around
 * {@code synchronize()} otherwise.
 */
public interface OpTimer {
    /**
     * Runs {@code work} {@code warmup} times untimed, then {@code reps} times, each timed with
     * device events on the backend's stream; returns the {@code reps} durations in microseconds.
     */
    double[] timeMicros(Runnable work, int warmup, int reps);
}
