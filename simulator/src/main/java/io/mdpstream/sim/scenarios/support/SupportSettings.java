package io.mdpstream.sim.scenarios.support;

import static io.mdpstream.sim.scenarios.support.SupportLayout.PRIORITIES;
import static io.mdpstream.sim.scenarios.support.SupportLayout.PRIORITY_COUNT;
import static io.mdpstream.sim.scenarios.support.SupportLayout.SKILLS;
import static io.mdpstream.sim.scenarios.support.SupportLayout.SKILL_COUNT;

import io.mdpstream.sim.params.Categorical;
import io.mdpstream.sim.params.Distribution;
import io.mdpstream.sim.params.ParameterException;
import io.mdpstream.sim.params.ParameterSpec;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.params.Seasonality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parameters of one support episode, read once into typed fields and checked for what the
 * generic parameter checks cannot know (category names must be the fixed skills and priorities,
 * roster skills must exist). Also declares the parameter keys.
 *
 * <p>Immutable after construction; one per episode, because randomised values differ per episode.
 */
final class SupportSettings {

    static final String PRODUCT_INCIDENT = "rare.product_incident";
    static final String DESKTOP_OUTAGE = "rare.agent_desktop_outage";

    final double horizonSeconds;
    final double ratePerHour;
    final Seasonality seasonality;
    final Categorical skillMix;
    final int[] skillOfCategory;
    final Categorical priorityMix;
    final int[] priorityOfCategory;
    final Categorical incidentPriorityMix;
    final int[] incidentPriorityOfCategory;
    final Distribution[] handlingMinutesBySkill = new Distribution[SKILL_COUNT];
    final double[] priorityHandlingFactor = new double[PRIORITY_COUNT];
    final double crossTrainedFactor;
    final double transferProbability;
    final Distribution wrapUpSeconds;
    final Distribution[] patienceMinutesByPriority = new Distribution[PRIORITY_COUNT];
    final double[] slaTargetSeconds = new double[PRIORITY_COUNT];
    final double[] resolvedValue = new double[PRIORITY_COUNT];
    final double[] breachValue = new double[PRIORITY_COUNT];
    final double[] abandonedValue = new double[PRIORITY_COUNT];
    final double transferValue;
    final double shrinkage;
    final List<Shift> roster;

    /**
     * One roster line: {@code count} agents with the same shift and skills.
     *
     * @param startHour clock hour (UTC) the shift starts, e.g. 6.5 for 06:30
     * @param endHour   clock hour it ends; at or before {@code startHour} means it ends the next day
     * @param levels    skill level per skill: {@link SupportLayout#UNSKILLED}, {@code CROSS_TRAINED} or {@code SPECIALIST}
     */
    record Shift(String team, int count, double startHour, double endHour, int[] levels) {
    }

    SupportSettings(Parameters p, RosterCache rosters) {
        horizonSeconds = p.number("horizon_hours") * 3600;
        ratePerHour = p.number("tickets.rate_per_hour");
        seasonality = p.seasonality("tickets.seasonality");
        skillMix = p.categorical("tickets.skill_mix");
        skillOfCategory = indexes(skillMix, SKILLS, "tickets.skill_mix");
        priorityMix = p.categorical("tickets.priority_mix");
        priorityOfCategory = indexes(priorityMix, PRIORITIES, "tickets.priority_mix");
        incidentPriorityMix = p.categorical("incident.priority_mix");
        incidentPriorityOfCategory = indexes(incidentPriorityMix, PRIORITIES, "incident.priority_mix");
        Map<String, Distribution> handling = p.distributionsBy("handling.minutes_by_skill");
        Map<String, Distribution> patience = p.distributionsBy("patience_minutes");
        for (int s = 0; s < SKILL_COUNT; s++) {
            handlingMinutesBySkill[s] = handling.get(SKILLS.get(s));
        }
        for (int i = 0; i < PRIORITY_COUNT; i++) {
            String priority = PRIORITIES.get(i);
            patienceMinutesByPriority[i] = patience.get(priority);
            priorityHandlingFactor[i] = p.number("handling.priority_factor." + priority);
            slaTargetSeconds[i] = p.number("sla.answer_target_minutes." + priority) * 60;
            resolvedValue[i] = p.number("value.resolved." + priority);
            breachValue[i] = p.number("value.sla_breach." + priority);
            abandonedValue[i] = p.number("value.abandoned." + priority);
        }
        crossTrainedFactor = p.number("handling.cross_trained_factor");
        transferProbability = p.number("handling.cross_trained_transfer_probability");
        wrapUpSeconds = p.distribution("handling.wrap_up_seconds");
        transferValue = p.number("value.transfer");
        shrinkage = p.number("staffing.shrinkage");
        roster = rosters.shifts(p.list("staffing.roster"), SupportSettings::shifts);
    }

    /** Every key the parameter file may hold. */
    static ParameterSpec spec() {
        ParameterSpec.Builder b = ParameterSpec.builder()
                .number("horizon_hours", 0.25, 24 * 31, "episode length in hours, from the episode's start instant")
                .number("tickets.rate_per_hour", 0, 100_000, "mean new tickets per hour at seasonality 1")
                .seasonality("tickets.seasonality", "hour-of-day (UTC) and day-of-week multipliers of the ticket rate")
                .categorical("tickets.skill_mix", "share of tickets needing each skill: billing, technical, account")
                .categorical("tickets.priority_mix", "share of tickets of each priority: p1 (urgent/VIP), p2, p3")
                .distributionsBy("handling.minutes_by_skill", "tickets.skill_mix", 0,
                        "talk/chat time of a specialist, minutes, by skill")
                .number("handling.cross_trained_factor", 1, 10, "handling-time multiplier for a cross-trained agent")
                .number("handling.cross_trained_transfer_probability", 0, 1,
                        "chance a cross-trained agent cannot resolve and transfers the ticket back to its queue")
                .distribution("handling.wrap_up_seconds", 0, "after-contact work, seconds, before the agent is free")
                .distributionsBy("patience_minutes", "tickets.priority_mix", 0,
                        "how long a customer waits in queue before abandoning, minutes, by priority")
                .number("staffing.shrinkage", 0, 0.95, "probability that a rostered agent is absent for the episode")
                .list("staffing.roster", rosterSpec(), "roster lines: teams of agents with a shift and skills")
                .categorical("incident.priority_mix", "priority mix of the extra technical tickets of a product incident")
                .number("value.transfer", -1e6, 0, "reward per transfer (repeat contact, customer effort)")
                .rareEvent(PRODUCT_INCIDENT, "a product incident; magnitude = multiplier of the technical ticket rate")
                .rareEvent(DESKTOP_OUTAGE, "the agent desktop/CRM degrades; magnitude = handling-time multiplier");
        for (String priority : PRIORITIES) {
            b.number("handling.priority_factor." + priority, 0.1, 10, "handling-time multiplier for " + priority)
                    .number("sla.answer_target_minutes." + priority, 0, 24 * 60,
                            "time to answer within which a " + priority + " ticket meets its SLA, minutes")
                    .number("value.resolved." + priority, 0, 1e6, "reward per resolved " + priority + " ticket")
                    .number("value.sla_breach." + priority, -1e6, 0, "reward when a " + priority + " ticket breaches its SLA")
                    .number("value.abandoned." + priority, -1e6, 0, "reward when a " + priority + " customer abandons");
        }
        return b.build();
    }

    private static ParameterSpec rosterSpec() {
        return ParameterSpec.builder()
                .text("team", "name of the roster line, for people")
                .integer("count", 0, 500, "agents on this line")
                .number("shift_start_hour", 0, 24, "clock hour (UTC) the shift starts; 6.5 = 06:30")
                .number("shift_end_hour", 0, 24, "clock hour it ends; at or before the start means the next day")
                .strings("specialist", "skills these agents are specialists in (full speed, always resolve)")
                .strings("cross_trained", "skills these agents can handle more slowly, sometimes transferring")
                .build();
    }

    private static int[] indexes(Categorical categorical, List<String> expected, String path) {
        if (!new TreeSet<>(categorical.names()).equals(new TreeSet<>(expected))) {
            throw new ParameterException("support parameters: " + path + ": needs exactly the categories " + expected
                    + ", got " + categorical.names());
        }
        int[] index = new int[categorical.names().size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = expected.indexOf(categorical.names().get(i));
        }
        return index;
    }

    private static List<Shift> shifts(List<Parameters> lines) {
        List<Shift> shifts = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Parameters line = lines.get(i);
            String at = "staffing.roster[" + i + "]";
            int[] levels = new int[SKILL_COUNT];
            assign(levels, line.strings("specialist"), SupportLayout.SPECIALIST, at + ".specialist");
            assign(levels, line.strings("cross_trained"), SupportLayout.CROSS_TRAINED, at + ".cross_trained");
            boolean skilled = false;
            for (int level : levels) {
                skilled |= level != SupportLayout.UNSKILLED;
            }
            if (!skilled) {
                throw new ParameterException("support parameters: " + at + ": an agent needs at least one skill");
            }
            double start = line.number("shift_start_hour");
            double end = line.number("shift_end_hour");
            if (start == 24) {
                throw new ParameterException("support parameters: " + at + ".shift_start_hour: must be below 24, got 24");
            }
            shifts.add(new Shift(line.text("team"), line.intValue("count"), start, end, levels));
        }
        return List.copyOf(shifts);
    }

    private static void assign(int[] levels, List<String> skills, int level, String path) {
        for (String skill : skills) {
            int s = SKILLS.indexOf(skill);
            if (s < 0) {
                throw new ParameterException("support parameters: " + path + ": unknown skill '" + skill + "'; use one of "
                        + SKILLS);
            }
            if (levels[s] != SupportLayout.UNSKILLED) {
                throw new ParameterException("support parameters: " + path + ": skill '" + skill + "' is listed twice");
            }
            levels[s] = level;
        }
    }
}
