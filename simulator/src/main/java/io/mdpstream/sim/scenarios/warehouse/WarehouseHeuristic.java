package io.mdpstream.sim.scenarios.warehouse;

import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.CANDIDATES;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.EXPEDITE;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.NONE;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.STANDARD;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.releaseMaskIndex;
import static io.mdpstream.sim.scenarios.warehouse.WarehouseSpaces.replenishMaskIndex;

import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.policy.ScoredAction;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.spi.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rule a shift lead would run. Release: keep about one queued order per picker on the floor, so
 * nobody waits for work and newly arrived urgent orders are not stuck behind a long queue; choose
 * the released orders by earliest due date (express, then shorter tours break near-ties).
 * Replenishment: restock a class's most depleted SKU when its cover falls below a reorder point, by
 * standard order, and expedite only when it is out of stock with customers waiting and nothing
 * inbound.
 *
 * <p>Its candidates are "release the best n" for every feasible n, scored by distance from the
 * target n, each with the same replenishment, so softmax and epsilon-greedy wrappers explore how
 * much to release.
 *
 * <p>Stateless and thread-safe: one instance serves every episode.
 */
final class WarehouseHeuristic implements ScoredPolicy {

    /** Reorder point in hours of forecast demand: standard lead time (about 2.5 h) plus safety for peaks. */
    static final double REORDER_COVER_HOURS = 8.0;

    private static final double EXPRESS_BONUS_HOURS = 0.5;
    private static final double URGENCY_CAP_HOURS = 12;

    private final PolicyId id;

    WarehouseHeuristic(String version) {
        this.id = new PolicyId("heuristic", version);
    }

    @Override
    public PolicyId id() {
        return id;
    }

    @Override
    public List<ScoredAction> candidates(Decision decision) {
        Map<String, Object> obs = decision.observation();
        int[] replenish = replenishment(obs, decision);
        Integer[] ranked = rankReleasable(obs, decision);
        long target = (Long) obs.get("pickers_on_floor") - (Long) obs.get("queued_orders");
        long best = Math.max(0, Math.min(ranked.length, target));

        List<ScoredAction> candidates = new ArrayList<>(ranked.length + 1);
        int[] release = new int[CANDIDATES];
        for (int n = 0; n <= ranked.length; n++) {
            if (n > 0) {
                release[ranked[n - 1]] = 1;
            }
            candidates.add(new ScoredAction(action(release, replenish), -Math.abs(n - best)));
        }
        return candidates;
    }

    /** The releasable slots, most urgent first: hours past due, plus a bonus for express, minus a little per tour minute. */
    private static Integer[] rankReleasable(Map<String, Object> obs, Decision decision) {
        double[] toDue = (double[]) obs.get("cand_minutes_to_due");
        long[] express = (long[]) obs.get("cand_express");
        double[] standard = (double[]) obs.get("cand_standard_minutes");
        double[] score = new double[CANDIDATES];
        List<Integer> slots = new ArrayList<>(CANDIDATES);
        for (int k = 0; k < CANDIDATES; k++) {
            if (decision.allowed(releaseMaskIndex(k, true))) {
                double urgency = Math.max(-URGENCY_CAP_HOURS, Math.min(URGENCY_CAP_HOURS, -toDue[k] / 60));
                score[k] = urgency + (express[k] == 1 ? EXPRESS_BONUS_HOURS : 0) - standard[k] / 30;
                slots.add(k);
            }
        }
        slots.sort((a, b) -> Double.compare(score[b], score[a]));
        return slots.toArray(new Integer[0]);
    }

    /** Reorder-point replenishment per class, within the mask. */
    private static int[] replenishment(Map<String, Object> obs, Decision decision) {
        long[] available = (long[]) obs.get("target_available");
        long[] inbound = (long[]) obs.get("target_inbound");
        double[] cover = (double[]) obs.get("target_cover_hours");
        long[] backordered = (long[]) obs.get("backordered_lines");
        int[] choice = new int[Inventory.CLASSES];
        for (int c = 0; c < Inventory.CLASSES; c++) {
            if (!decision.allowed(replenishMaskIndex(c, STANDARD))) {
                choice[c] = NONE;
            } else if (available[c] == 0 && inbound[c] == 0 && backordered[c] > 0
                    && decision.allowed(replenishMaskIndex(c, EXPEDITE))) {
                choice[c] = EXPEDITE;
            } else if (cover[c] < REORDER_COVER_HOURS) {
                choice[c] = STANDARD;
            }
        }
        return choice;
    }

    static Map<String, Object> action(int[] release, int[] replenish) {
        Map<String, Object> action = WarehouseSpaces.ACTION.newValue();
        action.put(WarehouseSpaces.RELEASE, release.clone());
        action.put(WarehouseSpaces.REPLENISH, replenish.clone());
        return action;
    }
}
