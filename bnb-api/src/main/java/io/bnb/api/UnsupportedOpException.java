package io.bnb.api;

/** The backend does not implement this op (its {@link Support} is NONE) and no fallback applies. */
public class UnsupportedOpException extends BnbException {
    private final Op op;

    public UnsupportedOpException(Op op, String message) {
        super(message);
        this.op = op;
    }

    public Op op() { return op; }
}
