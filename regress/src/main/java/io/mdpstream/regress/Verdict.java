package io.mdpstream.regress;

/** The outcome of a regression, and the exit code a command gives for it. */
public enum Verdict {
    /** The candidate is not significantly worse than the baseline (it may be better, equal, or too close to tell). */
    PASS(0),
    /** The whole confidence interval of the mean return difference lies below -margin. */
    SIGNIFICANTLY_WORSE(1);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    /** 0 for a pass, 1 for significantly worse (2 is left for bad input). */
    public int exitCode() {
        return exitCode;
    }
}
