package io.mdpstream.sim.run;

import io.mdpstream.contract.BuildInfo;
import java.util.Map;

/**
 * How episodes are driven.
 *
 * @param maxSteps        decisions after which an episode is truncated
 * @param validate        check every observation against its space and the scenario's invariants,
 *                        and every action against its space and mask
 * @param recordExogenous keep the scenario's exogenous changes (for the contract test)
 * @param codeVersion     recorded in each episode's header
 * @param resetOptions    Gymnasium-style reset options passed to the scenario
 */
public record DriverOptions(int maxSteps, boolean validate, boolean recordExogenous, String codeVersion,
                            Map<String, Object> resetOptions) {

    public DriverOptions {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
        }
        resetOptions = Map.copyOf(resetOptions);
    }

    /** Validation on, no step limit to speak of, this build's code version. */
    public static DriverOptions defaults() {
        return new DriverOptions(1_000_000, true, false, BuildInfo.current().codeVersion(), Map.of());
    }

    public DriverOptions withMaxSteps(int steps) {
        return new DriverOptions(steps, validate, recordExogenous, codeVersion, resetOptions);
    }

    public DriverOptions withValidation(boolean on) {
        return new DriverOptions(maxSteps, on, recordExogenous, codeVersion, resetOptions);
    }

    public DriverOptions withExogenousRecording(boolean on) {
        return new DriverOptions(maxSteps, validate, on, codeVersion, resetOptions);
    }
}
