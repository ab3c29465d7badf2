package io.mdpstream.publish;

import io.mdpstream.contract.EventTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * How a run is published. Validated when built: a bad value fails before any connection is made,
 * naming the option.
 *
 * @param namespace         topic prefix, by default the scenario name
 * @param runId             identifies the run; restarting with the same id resumes it
 * @param seed              run seed
 * @param policy            a built-in policy name, or {@code external} for an agent in the loop
 * @param epoch             simulated instant of the run's start; null to take it from the run's checkpoint, or now
 * @param episodes          episodes in all; {@link Long#MAX_VALUE} for a continuous feed
 * @param inFlight          episodes in flight at once (lanes) across all instances
 * @param instances         simulator instances sharing the run
 * @param instance          this instance, from 0
 * @param speed             simulated seconds per wall second; {@link Double#POSITIVE_INFINITY} for as fast as possible
 * @param maxEventsPerSecond ceiling on events published per wall second; 0 for none
 * @param duration          wall time after which the run stops (resumable); null to run to the end
 * @param partitions        partitions of each topic the run creates
 * @param replicationFactor replication factor of topics the run creates
 * @param commitInterval    longest wall time between transaction commits
 * @param agentTimeout      how long an external agent has to answer a decision
 * @param agentTimeoutSimulated whether {@code agentTimeout} is simulated time (needs a finite speed)
 * @param faults            fault injection
 * @param maxSteps          decisions after which an episode is truncated
 * @param clientProperties  Kafka and registry client settings (bootstrap servers, registry URL, SASL, TLS)
 */
public record PublishOptions(String namespace, String runId, long seed, String policy, Instant epoch, long episodes,
                             int inFlight, int instances, int instance, double speed, double maxEventsPerSecond,
                             Duration duration, int partitions, short replicationFactor, Duration commitInterval,
                             Duration agentTimeout, boolean agentTimeoutSimulated, FaultSpec faults, int maxSteps,
                             Map<String, Object> clientProperties) {

    /** The policy name that puts an external agent in the loop. */
    public static final String EXTERNAL = "external";

    public PublishOptions {
        new EventTopics(namespace); // checks the namespace
        Objects.requireNonNull(runId, "runId");
        if (!runId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("--run-id '" + runId + "' must be 1-100 characters of [A-Za-z0-9._-]");
        }
        require(episodes >= 1, "--episodes must be >= 1, got " + episodes);
        require(inFlight >= 1, "--in-flight must be >= 1, got " + inFlight);
        require(instances >= 1, "--instances must be >= 1, got " + instances);
        require(instance >= 0 && instance < instances, "--instance must be within 0.." + (instances - 1) + ", got " + instance);
        require(inFlight >= instances, "--in-flight (" + inFlight + ") must be at least --instances (" + instances
                + "): instances split the lanes of episodes in flight");
        require(speed > 0, "--speed must be > 0 or max, got " + speed);
        require(maxEventsPerSecond >= 0, "--max-events-per-sec must be >= 0, got " + maxEventsPerSecond);
        require(duration == null || !duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(partitions >= 1, "--partitions must be >= 1, got " + partitions);
        require(replicationFactor >= 1, "--replication-factor must be >= 1, got " + replicationFactor);
        require(commitInterval.toMillis() >= 1, "--commit-interval must be at least 1 ms");
        require(agentTimeout.toMillis() >= 1, "--agent-timeout must be at least 1 ms");
        require(!agentTimeoutSimulated || Double.isFinite(speed),
                "--agent-timeout in simulated time needs a finite --speed: at max speed simulated time has no pace");
        require(maxSteps >= 1, "--max-steps must be >= 1, got " + maxSteps);
        Objects.requireNonNull(faults, "faults");
        clientProperties = Map.copyOf(clientProperties);
    }

    public EventTopics topics() {
        return new EventTopics(namespace);
    }

    public boolean externalAgent() {
        return EXTERNAL.equals(policy);
    }

    /** The agent's deadline in wall time. */
    public Duration agentDeadline() {
        return agentTimeoutSimulated ? Duration.ofNanos(Math.round(agentTimeout.toNanos() / speed)) : agentTimeout;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
