package io.mdpstream.cli;

import io.mdpstream.sim.run.EpisodeSpec;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.run.TraceJson;
import io.mdpstream.sim.spi.Scenario;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints an episode for people: one line per state, action and reward, with simulated clock times. */
final class EpisodePrinter {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int MAX_STEP_LINES = 40;

    private final PrintWriter out;
    private final Scenario scenario;

    EpisodePrinter(PrintWriter out, Scenario scenario) {
        this.out = out;
        this.scenario = scenario;
    }

    void print(EpisodeSpec spec, List<TraceEvent> events) {
        int shown = 0;
        int hidden = 0;
        for (TraceEvent event : events) {
            String clock = CLOCK.format(TraceJson.simTime(spec, event.time()));
            if (event instanceof TraceEvent.EpisodeStart start) {
                out.printf(Locale.ROOT, "episode %s  %s %s  seed %d  policy %s  starts %s%n", spec.episodeId(),
                        scenario.name(), start.scenarioVersion(), spec.seed(), start.policy(), spec.start());
                if (!start.randomized().isEmpty()) {
                    out.println("  randomized: " + format(start.randomized()));
                }
                continue;
            }
            if (event instanceof TraceEvent.EpisodeEnd end) {
                if (hidden > 0) {
                    out.printf("  ... %d more lines%n", hidden);
                }
                out.printf(Locale.ROOT, "  %s  end: %s after %d steps, return %.2f%s%n%n", clock, end.outcome(),
                        end.steps(), end.episodeReturn(), end.reason() == null ? "" : " (" + end.reason() + ")");
                continue;
            }
            if (shown >= MAX_STEP_LINES) {
                hidden++;
                continue;
            }
            shown++;
            if (event instanceof TraceEvent.StateEvent state) {
                out.printf("  %s  step %-4d state  %s%n", clock, state.step(), format(state.observation()));
            } else if (event instanceof TraceEvent.ActionEvent action) {
                out.printf(Locale.ROOT, "  %s            action %s%s%n", clock, TraceJson.value(action.action()),
                        action.probability() == null ? "" : String.format(Locale.ROOT, "  p=%.3f", action.probability()));
            } else if (event instanceof TraceEvent.RewardEvent reward) {
                out.printf(Locale.ROOT, "  %s            reward %+.2f %s%s%n", clock, reward.value(), format(reward.components()),
                        reward.creditedStep() == reward.step() ? "" : "  (for step " + reward.creditedStep() + ")");
            }
        }
        out.flush();
    }

    private static String format(Map<String, ?> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + scalar(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String scalar(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.0f" : "%.2f", d);
        }
        if (value instanceof Instant instant) {
            return CLOCK.format(instant);
        }
        return TraceJson.value(value).toString();
    }
}
