package io.bnb.cli;

/** Entry point of the bnb command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new BnbCommand()).execute(args));
    }
}
