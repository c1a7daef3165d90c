package io.bnb.cli.broken;

/** Named in the services file but does not implement BackendProvider. */
public final class NotAProvider {
}
