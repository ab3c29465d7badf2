package io.mdpstream.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdpstream.sim.run.DriverOptions;
import io.mdpstream.sim.run.EpisodeRunner;
import io.mdpstream.sim.run.Scenarios;
import io.mdpstream.sim.run.TraceEvent;
import io.mdpstream.sim.spi.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario's heuristic beats the random policy on mean return, on the same episodes (common
 * random numbers: same run seed, same indices), by a margin whose 95% confidence interval excludes
 * zero. The figures go to {@code target/heuristic-margins.txt}.
 */
class HeuristicBeatsRandomTest {

    private static final int EPISODES = 60;

    @org.junit.jupiter.api.BeforeAll
    static void startReport() throws IOException {
        Files.deleteIfExists(Path.of("target", "heuristic-margins.txt"));
    }

    static Stream<Scenario> scenarios() {
        return Scenarios.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void heuristicShouldBeatRandomOnTheSameEpisodes(Scenario scenario) throws IOException {
        double[] random = returns(scenario, "random");
        double[] heuristic = returns(scenario, "heuristic");
        double[] diff = new double[EPISODES];
        for (int i = 0; i < EPISODES; i++) {
            diff[i] = heuristic[i] - random[i];
        }
        double meanDiff = mean(diff);
        double halfWidth = 1.96 * sd(diff) / Math.sqrt(EPISODES);
        String line = String.format(Locale.ROOT,
                "%-12s random %12.2f  heuristic %12.2f  difference %+12.2f (95%% CI %+.2f .. %+.2f)  relative %+.1f%%  wins %d/%d%n",
                scenario.name(), mean(random), mean(heuristic), meanDiff, meanDiff - halfWidth, meanDiff + halfWidth,
                100 * meanDiff / Math.abs(mean(random)), wins(diff), EPISODES);
        Path report = Path.of("target", "heuristic-margins.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(line);

        assertThat(meanDiff - halfWidth).as("lower end of the 95%% CI of heuristic minus random: %s", line).isPositive();
    }

    private static double[] returns(Scenario scenario, String policy) {
        EpisodeRunner runner = ScenarioContractTest.runner(scenario, policy, 2026, DriverOptions.defaults().withValidation(false));
        double[] returns = new double[EPISODES];
        for (int i = 0; i < EPISODES; i++) {
            List<TraceEvent> trace = runner.run(i);
            returns[i] = ((TraceEvent.EpisodeEnd) trace.get(trace.size() - 1)).episodeReturn();
        }
        return returns;
    }

    private static int wins(double[] diff) {
        int wins = 0;
        for (double d : diff) {
            if (d > 0) {
                wins++;
            }
        }
        return wins;
    }

    private static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    private static double sd(double[] xs) {
        double m = mean(xs);
        double sum = 0;
        for (double x : xs) {
            sum += (x - m) * (x - m);
        }
        return Math.sqrt(sum / (xs.length - 1));
    }
}
