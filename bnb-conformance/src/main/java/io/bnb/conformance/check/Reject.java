package io.bnb.conformance.check;

import io.bnb.api.Backend;
import io.bnb.api.Tensor;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Bad-input assertions: the op must throw the given exception type with a message naming the
 * offending argument, and must leave every tensor it was handed exactly as it was.
 */
public final class Reject {
    private Reject() {}

    /** Snapshot of tensors' bytes, to prove a rejected call wrote nothing. */
    public static final class Snapshot {
        private final Backend backend;
        private final List<Tensor> tensors = new ArrayList<>();
        private final List<byte[]> bytes = new ArrayList<>();

        private Snapshot(Backend backend, Tensor... ts) {
            this.backend = backend;
            for (Tensor t : ts) {
                if (t == null || t.isClosed()) continue;
                tensors.add(t);
                bytes.add(backend.downloadBytes(t));
            }
        }

        void verify(String call) {
            for (int i = 0; i < tensors.size(); i++) {
                byte[] now = backend.downloadBytes(tensors.get(i));
                if (!Arrays.equals(bytes.get(i), now))
                    Expect.fail(call + ": argument #" + i + " (" + tensors.get(i).dtype() + Arrays.toString(tensors.get(i).shape())
                            + ") was modified although the call was rejected");
            }
        }
    }

    public static Snapshot snapshot(Backend b, Tensor... ts) { return new Snapshot(b, ts); }

    /**
     * Asserts that {@code call} throws {@code type} (or a subclass) whose message mentions
     * {@code argument} (case-insensitive), and that the tensors in {@code untouched} did not change.
     */
    public static void call(String what, Class<? extends RuntimeException> type, String argument, Snapshot untouched, Executable call) {
        Throwable thrown = null;
        try {
            call.execute();
        } catch (Throwable t) {
            thrown = t;
        }
        if (thrown == null) Expect.fail(what + ": accepted; expected " + type.getSimpleName() + " naming '" + argument + "'");
        if (!type.isInstance(thrown))
            Expect.fail(what + ": threw " + thrown + "; expected " + type.getSimpleName() + " naming '" + argument + "'");
        String msg = String.valueOf(thrown.getMessage());
        if (!msg.toLowerCase(Locale.ROOT).contains(argument.toLowerCase(Locale.ROOT)))
            Expect.fail(what + ": message \"" + msg + "\" does not name the argument '" + argument + "'");
        if (untouched != null) untouched.verify(what);
    }

    /** {@link IllegalArgumentException} naming {@code argument}; the snapshot's tensors unchanged. */
    public static void argument(String what, String argument, Snapshot untouched, Executable call) {
        call(what, IllegalArgumentException.class, argument, untouched, call);
    }

    /** {@link IllegalStateException} naming {@code argument} (a closed tensor). */
    public static void state(String what, String argument, Snapshot untouched, Executable call) {
        call(what, IllegalStateException.class, argument, untouched, call);
    }
}
