package io.bnb.conformance.check;

import java.util.ArrayDeque;
import java.util.Deque;

/** Closes the tensors (and results) a test created, last first. */
public final class Scope implements AutoCloseable {
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    public <T extends AutoCloseable> T add(T t) {
        if (t != null) owned.push(t);
        return t;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                if (first == null) first = e instanceof RuntimeException r ? r : new RuntimeException(e);
            }
        }
        if (first != null) throw first;
    }
}
