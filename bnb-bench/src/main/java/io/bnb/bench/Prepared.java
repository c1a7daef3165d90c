package io.bnb.bench;

import io.bnb.api.Tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * One workload with its inputs already on the backend. {@link #call()} runs the op once and hands
 * back what the op allocated, so the harness can free it outside the timed region.
 */
public interface Prepared extends AutoCloseable {

    /** Runs the op once; the result (may be null) is closed by the caller. */
    AutoCloseable call();

    /** Frees the inputs. */
    @Override
    void close();

    static Prepared of(List<Tensor> inputs, Supplier<AutoCloseable> body) {
        return new Prepared() {
            @Override public AutoCloseable call() { return body.get(); }

            @Override
            public void close() {
                for (Tensor t : inputs) if (t != null) t.close();
            }
        };
    }

    /** Closes an op's result, rethrowing nothing a benchmark could act on. */
    static void release(AutoCloseable result) {
        if (result == null) return;
        try {
            result.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing a benchmark result failed", e);
        }
    }
}
