package io.mdpstream.sim.scenarios.incident;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Costs booked while one event is handled, by the decision they are credited to, paid out together
 * as one reward per decision with the components {@code downtime}, {@code sla_breach} and
 * {@code escalation}. Mutable; owned by one episode.
 */
final class Bill {

    /** Receives one reward. */
    @FunctionalInterface
    interface Payee {
        void pay(int creditedStep, double value, Map<String, Double> components);
    }

    private final TreeMap<Integer, double[]> byStep = new TreeMap<>();

    void add(int step, double downtime, double slaBreach, double escalation) {
        double[] amounts = byStep.computeIfAbsent(step, k -> new double[3]);
        amounts[0] += downtime;
        amounts[1] += slaBreach;
        amounts[2] += escalation;
    }

    /** Pays every credited decision's total, in step order, and starts afresh. */
    void settle(Payee payee) {
        for (Map.Entry<Integer, double[]> entry : byStep.entrySet()) {
            double[] a = entry.getValue();
            // A LinkedHashMap, so the components serialise in the same order in every JVM.
            Map<String, Double> components = new LinkedHashMap<>(4);
            components.put("downtime", a[0]);
            components.put("sla_breach", a[1]);
            components.put("escalation", a[2]);
            payee.pay(entry.getKey(), a[0] + a[1] + a[2], components);
        }
        byStep.clear();
    }
}
