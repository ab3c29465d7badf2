package io.mdpstream.regress;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Broken rules of both sides, by rule id. The baseline's come from the stored episodes (what the
 * stream validator counted; nothing for episodes stored without a verdict) and from replaying them
 * in process with the same rules the candidate is checked by, so the two in-process counts compare
 * like with like.
 *
 * @param baselineStored    the validator's counts in the stored episodes
 * @param baselineVerdicts  stored episodes by verdict (valid, invalid, unvalidated)
 * @param baselineInProcess the baseline replayed in process
 * @param candidate         the candidate's runs
 * @param rulesInProcess    the rules run in process
 * @param note              why the other rules are not run in process
 */
public record ViolationCounts(Map<String, Long> baselineStored, Map<String, Long> baselineVerdicts,
                              Map<String, Long> baselineInProcess, Map<String, Long> candidate, List<String> rulesInProcess,
                              String note) {

    @JsonProperty("candidate_total")
    public long candidateTotal() {
        return candidate.values().stream().mapToLong(Long::longValue).sum();
    }

    @JsonProperty("baseline_in_process_total")
    public long baselineInProcessTotal() {
        return baselineInProcess.values().stream().mapToLong(Long::longValue).sum();
    }
}
