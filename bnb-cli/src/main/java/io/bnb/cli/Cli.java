package io.bnb.cli;

import java.util.Locale;

/** Shared output helpers of the commands. */
final class Cli {
    private Cli() {}

    /** Prints a one-line error (the message, not a stack trace) and returns the exit code 1. */
    static int fail(String command, Throwable e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException nf) msg = nf.getFile() + ": no such file" + (nf.getReason() == null ? "" : " (" + nf.getReason() + ")");
        else if (e instanceof java.nio.file.FileAlreadyExistsException fe) msg = fe.getFile() + ": " + (fe.getReason() == null ? "already exists" : fe.getReason());
        System.err.println("bnb " + command + ": error: " + msg);
        if (Boolean.getBoolean("bnb.debug")) e.printStackTrace();
        return 1;
    }

    static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] u = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, u[i]);
    }
}
