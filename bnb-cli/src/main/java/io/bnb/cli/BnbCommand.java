package io.bnb.cli;

import picocli.CommandLine.Command;

/** The top-level command; subcommands do the work. */
@Command(name = "bnb", mixinStandardHelpOptions = true, version = "bnb-java 0.1.0-SNAPSHOT",
        description = "k-bit quantization for LLMs on the JVM",
        subcommands = {BackendsCommand.class, BenchCommand.class, DemoCommand.class, TrainDemoCommand.class,
                QuantizeCommand.class, InspectCommand.class, LlamaCommand.class,
                MatrixCommand.class})
public final class BnbCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
