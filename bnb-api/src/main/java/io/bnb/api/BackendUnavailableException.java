package io.bnb.api;

/** A backend was asked for that is not present or cannot run here; the message carries the reason. */
public class BackendUnavailableException extends BnbException {
    public BackendUnavailableException(String message) { super(message); }
    public BackendUnavailableException(String message, Throwable cause) { super(message, cause); }
}
