package io.mdpstream.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.mdpstream.contract.BuildInfo;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code mdpstream} command: entry point and global options. */
@Command(name = "mdpstream",
        mixinStandardHelpOptions = true,
        versionProvider = Mdpstream.Version.class,
        description = "Realistic synthetic MDP experience for decision-making agents, streamed through Kafka in simulated time.",
        subcommands = {DemoCommand.class, ScenariosCommand.class, SimulateCommand.class, ValidateCommand.class, SinkCommand.class,
                ReplayCommand.class, RegressCommand.class, StackCommand.class, CommandLine.HelpCommand.class})
public final class Mdpstream implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log at INFO (mdpstream) and WARN (Kafka) to stderr.")
    void verbose(boolean verbose) {
        if (verbose) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
            ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.WARN);
            ((Logger) LoggerFactory.getLogger("kafka")).setLevel(Level.WARN);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with mdpstream's error handling: a clear message and a non-zero exit, no stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Mdpstream());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("mdpstream: " + describe(e));
            if (parseResult.hasMatchedOption("--verbose")) {
                e.printStackTrace(commandLine.getErr());
            }
            // Bad input is a usage error (2), like a bad option; anything else failed while working (1).
            return e instanceof UserInputException ? 2 : commandLine.getCommandSpec().exitCodeOnExecutionException();
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }

    /** {@code --version}: mdpstream, commit, and the Kafka and Avro it was built with. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo build = BuildInfo.current();
            return new String[] {"mdpstream " + build.version() + " (commit " + build.commit() + (build.dirty() ? ", dirty" : "")
                    + ")", "Kafka " + build.kafka() + ", Avro " + build.avro() + ", Java " + Runtime.version()};
        }
    }
}
