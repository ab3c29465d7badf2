package io.mdpstream.testkit.internal;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables a test only when a Docker engine answers. */
public final class DockerCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Docker.Probe probe = Docker.probe();
        return probe.available()
                ? ConditionEvaluationResult.enabled("Docker engine available")
                : ConditionEvaluationResult.disabled("needs a Docker engine, and none answered: " + probe.detail());
    }
}
