package io.mdpstream.sim.scenarios.incident;

import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_AGE_MIN;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_LINKED;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_NOISE_RATE;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.CAND_SEVERITY;
import static io.mdpstream.sim.scenarios.incident.IncidentObservation.ENGINEERS_FREE;

import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.policy.ScoredAction;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.spi.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an experienced incident commander does: highest severity first (oldest first within a
 * severity), page a specialist for every sev1 and for a sev2 that would otherwise wait, leave
 * likely noise (a young sev3/sev4 alert from a rule that is mostly false positives) to clear by
 * itself, and leave symptoms grouped under an unresolved root alone since fixing the root clears
 * them. Every valid action gets a score, so softmax and epsilon wrappers can explore around it.
 *
 * <p>Stateless and thread-safe.
 */
final class TriageHeuristic implements ScoredPolicy {

    /** Score of each severity, index 1 = SEV1; roughly the log of its downtime cost. */
    private static final double[] SEVERITY_SCORE = {0, 10, 7, 4, 2};
    private static final double HOLD_SCORE = 1;
    private static final double SKIP_SCORE = 0.5;
    private static final double WASTEFUL_PAGE_SCORE = 0.2;
    /** False positives clear within minutes; an alert still open after this long is most likely real. */
    private static final double NOISE_PATIENCE_MIN = 15;

    private final PolicyId id;

    TriageHeuristic(String version) {
        this.id = new PolicyId("heuristic", version);
    }

    @Override
    public PolicyId id() {
        return id;
    }

    @Override
    public List<ScoredAction> candidates(Decision decision) {
        Map<String, Object> obs = decision.observation();
        long[] severity = (long[]) obs.get(CAND_SEVERITY);
        double[] age = (double[]) obs.get(CAND_AGE_MIN);
        double[] noise = (double[]) obs.get(CAND_NOISE_RATE);
        long[] linked = (long[]) obs.get(CAND_LINKED);
        boolean engineerFree = (Long) obs.get(ENGINEERS_FREE) > 0;
        List<ScoredAction> candidates = new ArrayList<>(1 + 2 * TriageAction.SLOTS);
        candidates.add(new ScoredAction(TriageAction.HOLD, HOLD_SCORE));
        for (int k = 0; k < TriageAction.SLOTS; k++) {
            int sev = (int) severity[k];
            if (sev == 0) {
                continue;
            }
            double value = SEVERITY_SCORE[sev] + 0.5 * Math.min(age[k] / 60, 1);
            boolean likelyNoise = sev >= 3 && noise[k] >= 0.5 && age[k] < NOISE_PATIENCE_MIN;
            boolean clearsWithRoot = linked[k] == 1;
            if (decision.allowed(TriageAction.take(k))) {
                candidates.add(new ScoredAction(TriageAction.take(k), likelyNoise || clearsWithRoot ? SKIP_SCORE : value));
            }
            if (decision.allowed(TriageAction.escalate(k))) {
                double page = sev == 1 && !clearsWithRoot ? value + 2
                        : sev == 2 && !clearsWithRoot ? value + (engineerFree ? 1 : -0.5)
                        : WASTEFUL_PAGE_SCORE;
                candidates.add(new ScoredAction(TriageAction.escalate(k), page));
            }
        }
        return candidates;
    }
}
