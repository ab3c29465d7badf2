package io.mdpstream.regress;

import java.util.List;

/**
 * How an external agent answered the decisions of a regression. Fallbacks matter: where the agent
 * missed a deadline the scenario's fallback action was taken, so those decisions measure the
 * fallback, not the agent.
 *
 * @param namespace      where it read the states ({@code <ns>.states}) and answered ({@code <ns>.agent-actions})
 * @param agentIds       the names it gave on its answers
 * @param deadlineMillis how long it had to answer a decision
 * @param answered       decisions it answered in time with a valid action
 * @param fallbacks      decisions it did not, where the fallback action was applied
 * @param rejected       its messages that were refused (invalid action, wrong step, late, ...), each with its
 *                       reason on {@code <ns>.agent-errors}
 */
public record AgentAnswers(String namespace, List<String> agentIds, long deadlineMillis, long answered, long fallbacks,
                           long rejected) {

    public AgentAnswers {
        agentIds = List.copyOf(agentIds);
    }
}
