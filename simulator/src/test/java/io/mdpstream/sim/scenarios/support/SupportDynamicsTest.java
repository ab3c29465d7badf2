package io.mdpstream.sim.scenarios.support;

import static io.mdpstream.sim.scenarios.support.SupportRuns.MONDAY_6AM;
import static io.mdpstream.sim.scenarios.support.SupportRuns.mean;
import static io.mdpstream.sim.scenarios.support.SupportRuns.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mdpstream.sim.params.ParameterSet;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Episode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupportDynamicsTest {

    private static final String NO_EVENT = "{rate_per_day: 0}";
    private static final String ALL_SKILLS = "[billing, technical, account]";
    /** Ten agents on duty around the clock, so load stays light. */
    private static final String ALL_DAY_SPECIALISTS = roster(team(10, 0, 0, ALL_SKILLS, "[]"));
    private static final String ALL_DAY_CROSS_TRAINED = roster(team(10, 0, 0, "[]", ALL_SKILLS));

    /** Overrides without absence and, unless given, without rare events: the plain mechanics. */
    private static String calm(String roster, String incident, String outage, String more) {
        return "staffing:\n  shrinkage: 0\n" + roster + "rare:\n  product_incident: " + incident
                + "\n  agent_desktop_outage: " + outage + "\n" + more;
    }

    private static String calm() {
        return calm("", NO_EVENT, NO_EVENT, "");
    }

    private static String roster(String... teams) {
        return "  roster:\n" + String.join("", teams);
    }

    private static String team(int count, double start, double end, String specialist, String crossTrained) {
        return "    - {team: t, count: " + count + ", shift_start_hour: " + start + ", shift_end_hour: " + end
                + ", specialist: " + specialist + ", cross_trained: " + crossTrained + "}\n";
    }

    @TempDir
    Path dir;

    @Test
    void shouldLogAgentsInAndOutAsTheRosterSays() {
        SupportRuns.Run run = SupportRuns.run(SupportRuns.runner(SupportRuns.parameters(dir, calm()), "heuristic", MONDAY_6AM), 0);

        List<double[]> roster = run.exogenous().stream().filter(c -> c.name().equals("agents_rostered"))
                .map(c -> new double[] {c.time() / 3600, c.value()}).toList();

        // 06:00 early billing + 2 technical, 06:30 flex, 07:00 account, 08:00 two day agents,
        // 09:00 generalist, 10:00 senior, 13:00 the generalist's half shift ends.
        assertThat(roster).containsExactly(new double[] {0, 1}, new double[] {0, 2}, new double[] {0, 3},
                new double[] {0.5, 4}, new double[] {1, 5}, new double[] {2, 6}, new double[] {2, 7},
                new double[] {3, 8}, new double[] {4, 9}, new double[] {7, 8});
    }

    @Test
    void shouldCarryTheNightShiftOverMidnightUntilItsEnd() {
        ParameterSet parameters = SupportRuns.parameters(dir, calm());
        Instant twoAm = Instant.parse("2026-03-02T02:00:00Z");

        SupportRuns.Run run = SupportRuns.run(SupportRuns.runner(parameters, "heuristic", twoAm), 0);

        List<Episode.ExogenousChange> roster = run.exogenous().stream().filter(c -> c.name().equals("agents_rostered")).toList();
        assertThat(roster.get(0).time()).isZero();
        assertThat(roster.get(0).value()).as("the 22:00-06:00 agent is on shift at 02:00").isEqualTo(1);
        double at6 = roster.stream().filter(c -> c.time() == 4 * 3600).mapToDouble(Episode.ExogenousChange::value)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(at6).as("at 06:00 the night agent leaves and the three early agents arrive").isEqualTo(3);
        assertThat(run.states().get(0).observation().get("agent_shift_remaining_minutes"))
                .as("the first decision is the night agent's, whose shift ends at 06:00")
                .isEqualTo(240 - (Double) run.states().get(0).observation().get("elapsed_minutes"));
    }

    @Test
    void shouldAbandonMoreWhenFewerAgentsAreOnShift() {
        ParameterSet staffed = SupportRuns.parameters(dir, calm());
        ParameterSet thin = SupportRuns.parameters(dir, calm(roster(team(2, 6, 14, "[technical]", "[billing]"),
                team(1, 6, 14, "[billing, account]", "[]")), NO_EVENT, NO_EVENT, ""));

        double[] staffedRates = abandonmentAndArrivals(staffed);
        double[] thinRates = abandonmentAndArrivals(thin);

        assertThat(thinRates[1]).as("the same customers arrive").isEqualTo(staffedRates[1]);
        assertThat(thinRates[0]).as("abandonment share with 3 agents vs the full roster")
                .isGreaterThan(2 * staffedRates[0]).isGreaterThan(0.15);
    }

    private static double[] abandonmentAndArrivals(ParameterSet parameters) {
        EpisodeRunner runner = SupportRuns.runner(parameters, "heuristic", MONDAY_6AM);
        long abandoned = 0;
        double arrived = 0;
        for (SupportRuns.Run run : SupportRuns.runs(runner, 20)) {
            abandoned += sum((long[]) run.lastObservation().get("abandoned"));
            arrived += run.lastExogenous("arrivals_billing") + run.lastExogenous("arrivals_technical")
                    + run.lastExogenous("arrivals_account");
        }
        return new double[] {abandoned / arrived, arrived};
    }

    @Test
    void shouldHandleMoreSlowlyAndTransferWhenCrossTrained() {
        String factor = "handling: {cross_trained_factor: 1.5}\n";
        ParameterSet specialists = SupportRuns.parameters(dir, calm(ALL_DAY_SPECIALISTS, NO_EVENT, NO_EVENT, factor));
        ParameterSet crossTrained = SupportRuns.parameters(dir, calm(ALL_DAY_CROSS_TRAINED, NO_EVENT, NO_EVENT, factor));

        List<SupportRuns.Run> fast = SupportRuns.runs(SupportRuns.runner(specialists, "heuristic", MONDAY_6AM), 15);
        List<SupportRuns.Run> slow = SupportRuns.runs(SupportRuns.runner(crossTrained, "heuristic", MONDAY_6AM), 15);

        double ratio = mean(handling(slow)) / mean(handling(fast));
        assertThat(ratio).as("cross-trained over specialist handling time").isCloseTo(1.5, within(0.15));
        assertThat(fast.stream().mapToDouble(r -> r.component("transfer")).sum()).isZero();
        assertThat(slow.stream().mapToDouble(r -> r.component("transfer")).sum()).isNegative();
    }

    @Test
    void shouldSlowHandlingWhileTheAgentDesktopIsDegraded() {
        ParameterSet normal = SupportRuns.parameters(dir, calm(ALL_DAY_SPECIALISTS, NO_EVENT, NO_EVENT, ""));
        ParameterSet degraded = SupportRuns.parameters(dir, calm(ALL_DAY_SPECIALISTS, NO_EVENT,
                "{rate_per_day: 200, magnitude: 2, duration_minutes: 600}", ""));

        List<SupportRuns.Run> degradedRuns = SupportRuns.runs(SupportRuns.runner(degraded, "heuristic", MONDAY_6AM), 15);
        double ratio = mean(handling(degradedRuns))
                / mean(handling(SupportRuns.runs(SupportRuns.runner(normal, "heuristic", MONDAY_6AM), 15)));

        assertThat(ratio).as("handling time with the desktop degraded (x2) most of the shift").isBetween(1.7, 2.05);
        assertThat(degradedRuns.get(0).states()).anyMatch(s -> (Integer) s.observation().get("system_degraded") == 1);
    }

    private static List<Double> handling(List<SupportRuns.Run> runs) {
        List<Double> all = new ArrayList<>();
        runs.forEach(run -> all.addAll(run.handlingSeconds()));
        return all;
    }

    @Test
    void shouldSurgeUrgentTechnicalTicketsDuringAProductIncident() {
        ParameterSet quiet = SupportRuns.parameters(dir, calm());
        ParameterSet incident = SupportRuns.parameters(dir, calm("", "{rate_per_day: 6, magnitude: 3, duration_minutes: 120}",
                NO_EVENT, ""));

        List<SupportRuns.Run> quietRuns = SupportRuns.runs(SupportRuns.runner(quiet, "heuristic", MONDAY_6AM), 20);
        List<SupportRuns.Run> incidentRuns = SupportRuns.runs(SupportRuns.runner(incident, "heuristic", MONDAY_6AM), 20);

        double quietTechnical = 0;
        double incidentTechnical = 0;
        for (int i = 0; i < quietRuns.size(); i++) {
            assertThat(incidentRuns.get(i).lastExogenous("arrivals_billing")).as("billing demand is untouched")
                    .isEqualTo(quietRuns.get(i).lastExogenous("arrivals_billing"));
            quietTechnical += quietRuns.get(i).lastExogenous("arrivals_technical");
            incidentTechnical += incidentRuns.get(i).lastExogenous("arrivals_technical");
        }
        assertThat(incidentTechnical / quietTechnical).isGreaterThan(1.5);
        assertThat(p1Share(incidentRuns)).isGreaterThan(p1Share(quietRuns) * 1.5);
        assertThat(incidentRuns).anyMatch(r -> r.states().stream().anyMatch(s -> (Integer) s.observation().get("incident_active") == 1));
    }

    private static double p1Share(List<SupportRuns.Run> runs) {
        double p1 = 0;
        double all = 0;
        for (SupportRuns.Run run : runs) {
            long[] arrived = (long[]) run.lastObservation().get("tickets_arrived");
            p1 += arrived[0];
            all += sum(arrived);
        }
        return p1 / all;
    }

    @Test
    void shouldPenaliseSlaBreachesOnlyWhenTicketsWaitPastTheTarget() {
        String thin = roster(team(2, 6, 14, ALL_SKILLS, "[]"));
        ParameterSet lenient = SupportRuns.parameters(dir, calm(thin, NO_EVENT, NO_EVENT,
                "sla: {answer_target_minutes: {p1: 1440, p2: 1440, p3: 1440}}\n"));
        ParameterSet strict = SupportRuns.parameters(dir, calm(thin, NO_EVENT, NO_EVENT,
                "sla: {answer_target_minutes: {p1: 1, p2: 1, p3: 1}}\n"));

        List<SupportRuns.Run> lenientRuns = SupportRuns.runs(SupportRuns.runner(lenient, "heuristic", MONDAY_6AM), 5);
        List<SupportRuns.Run> strictRuns = SupportRuns.runs(SupportRuns.runner(strict, "heuristic", MONDAY_6AM), 5);

        assertThat(lenientRuns).allMatch(r -> r.component("sla_breach") == 0);
        assertThat(strictRuns).allMatch(r -> r.component("sla_breach") < 0);
        for (SupportRuns.Run run : strictRuns) {
            for (TraceEvent event : run.trace()) {
                if (event instanceof TraceEvent.RewardEvent reward && reward.components().containsKey("sla_breach")) {
                    assertThat(reward.creditedStep()).as("a breach is charged to the decision current when it happens")
                            .isEqualTo(reward.step());
                }
            }
        }
    }

    @Test
    void shouldCreditAResolutionToTheDecisionThatAssignedTheTicket() {
        ParameterSet defaults = Scenarios.parameters(SupportRuns.SCENARIO, null);
        SupportRuns.Run run = SupportRuns.run(SupportRuns.runner(defaults, "softmax:0.5", MONDAY_6AM), 3);
        Map<Integer, Integer> actions = new java.util.HashMap<>();
        int delayed = 0;
        int resolutions = 0;

        for (TraceEvent event : run.trace()) {
            if (event instanceof TraceEvent.ActionEvent action) {
                actions.put(action.step(), (Integer) action.action());
            } else if (event instanceof TraceEvent.RewardEvent reward && reward.components().containsKey("resolved")) {
                int served = actions.get(reward.creditedStep());
                assertThat(served).isNotEqualTo(SupportLayout.HOLD);
                int priority = SupportLayout.priorityOf(SupportLayout.queueOf(served));
                assertThat(reward.value()).isEqualTo(new double[] {25, 10, 4}[priority]);
                resolutions++;
                delayed += reward.creditedStep() < reward.step() ? 1 : 0;
            }
        }
        assertThat(resolutions).isGreaterThan(50);
        assertThat(delayed).as("most resolutions land after later decisions").isGreaterThan(resolutions / 2);
    }

    @Test
    void shouldAllowOnlyNonEmptyQueuesWithinTheAgentsSkillsAndAlwaysHold() {
        EpisodeRunner runner = SupportRuns.runner(Scenarios.parameters(SupportRuns.SCENARIO, null), "random", MONDAY_6AM);

        for (SupportRuns.Run run : SupportRuns.runs(runner, 5)) {
            for (TraceEvent.StateEvent state : run.states()) {
                long[] level = (long[]) state.observation().get("agent_skill_level");
                long[] length = (long[]) state.observation().get("queue_length");
                assertThat(state.mask()[SupportLayout.HOLD]).isTrue();
                for (int q = 0; q < SupportLayout.QUEUE_COUNT; q++) {
                    assertThat(state.mask()[SupportLayout.serve(q)]).as("queue %s", SupportLayout.queueName(q))
                            .isEqualTo(length[q] > 0 && level[SupportLayout.skillOf(q)] > 0);
                }
            }
        }
    }

    @Test
    void shouldSeeTheSameArrivalsAndRosterWhateverThePolicy() {
        ParameterSet defaults = Scenarios.parameters(SupportRuns.SCENARIO, null);

        for (int episode = 0; episode < 5; episode++) {
            SupportRuns.Run random = SupportRuns.run(SupportRuns.runner(defaults, "random", MONDAY_6AM), episode);
            SupportRuns.Run heuristic = SupportRuns.run(SupportRuns.runner(defaults, "heuristic", MONDAY_6AM), episode);

            assertThat(random.exogenous()).isNotEmpty().isEqualTo(heuristic.exogenous());
        }
    }
}
