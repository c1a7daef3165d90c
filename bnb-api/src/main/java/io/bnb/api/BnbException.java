package io.bnb.api;

/** Base of the bnb-java exceptions that are not plain argument or state errors. */
public class BnbException extends RuntimeException {
    public BnbException(String message) { super(message); }
    public BnbException(String message, Throwable cause) { super(message, cause); }
}
