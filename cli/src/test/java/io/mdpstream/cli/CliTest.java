package io.mdpstream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** What a test of the {@code mdpstream} command needs: run it as a user would, and read what it printed. */
abstract class CliTest {

    protected final StringWriter out = new StringWriter();
    protected final StringWriter err = new StringWriter();

    /** Runs {@code mdpstream args...} with mdpstream's own error handling; returns the exit code. */
    protected int run(String... args) {
        CommandLine cli = Mdpstream.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
