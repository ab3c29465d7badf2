package io.mdpstream.sim.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterSetTest {

    private static final ParameterSpec SPEC = ParameterSpec.builder()
            .number("horizon_hours", 0.1, 48, "length")
            .rate("orders.rate_per_hour", "order arrivals")
            .integer("pickers", 1, 500, "pickers on shift")
            .distribution("orders.pick_seconds", 0, "pick time")
            .categorical("orders.priority", "mix")
            .distributionsBy("orders.lines", "orders.priority", 1, "lines per order by priority")
            .seasonality("orders.seasonality", "daily profile")
            .rareEvent("rare.outage", "conveyor outage")
            .flag("emit", "emit side records")
            .build();

    private static final String DEFAULTS = """
            horizon_hours: 8
            pickers: 12
            emit: true
            orders:
              rate_per_hour: {randomize: [100, 140]}
              pick_seconds: {dist: lognormal, median: 40, sigma: 0.3}
              priority: {express: 0.2, standard: 0.8}
              lines:
                express: {dist: choice, values: [1, 2], weights: [0.7, 0.3]}
                standard: {dist: triangular, low: 1, mode: 2, high: 6}
              seasonality:
                weekly: [1, 1, 1, 1, 1.2, 0.8, 0.5]
            rare:
              outage: {rate_per_day: 0.5, magnitude: {dist: uniform, low: 0.2, high: 0.6}, duration_minutes: 30}
            """;

    @TempDir
    Path dir;

    @Test
    void shouldLoadTypedValuesAndDrawRandomisedOnesPerEpisode() {
        ParameterSet set = load(null);

        Parameters a = set.resolve(new SplittableRandom(1));
        Parameters b = set.resolve(new SplittableRandom(2));

        assertThat(a.number("horizon_hours")).isEqualTo(8.0);
        assertThat(a.intValue("pickers")).isEqualTo(12);
        assertThat(a.number("orders.rate_per_hour")).isBetween(100.0, 140.0).isNotEqualTo(b.number("orders.rate_per_hour"));
        assertThat(a.randomized()).containsOnlyKeys("orders.rate_per_hour");
        assertThat(a.distribution("orders.pick_seconds").mean()).isCloseTo(40 * Math.exp(0.045), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.distributionsBy("orders.lines")).containsOnlyKeys("express", "standard");
        assertThat(a.categorical("orders.priority").names()).containsExactly("express", "standard");
        assertThat(a.rareEvent("rare.outage").ratePerDay()).isEqualTo(0.5);
        assertThat(a.flag("emit")).isTrue();
        // Values without randomisation are built once and shared by every episode.
        assertThat(a.distribution("orders.pick_seconds")).isSameAs(b.distribution("orders.pick_seconds"));
    }

    @Test
    void shouldHoldTheSameValuesApartFromTheNamedEntriesOnlyWithinOneSet() {
        ParameterSet set = load(null);
        ParameterSet pickers = load("pickers: {randomize: [10, 20]}\n");
        java.util.Set<String> rate = java.util.Set.of("orders.rate_per_hour");

        Parameters a = set.resolve(new SplittableRandom(1));
        Parameters b = set.resolve(new SplittableRandom(2));
        Parameters c = pickers.resolve(new SplittableRandom(1));
        Parameters d = pickers.resolve(new SplittableRandom(2));

        assertThat(a.sameValuesAs(b, rate)).isTrue();
        assertThat(a.sameValuesAs(b, java.util.Set.of())).isFalse();
        assertThat(c.sameValuesAs(d, rate)).as("pickers drawn too").isFalse();
        assertThat(c.sameValuesAs(pickers.resolve(new SplittableRandom(1)), java.util.Set.of())).isTrue();
        assertThat(a.sameValuesAs(load(null).resolve(new SplittableRandom(1)), rate)).as("another set").isFalse();
    }

    @Test
    void shouldOverlayAUserFileOnTheDefaults() throws IOException {
        ParameterSet set = load("orders:\n  pick_seconds: {dist: exponential, mean: 30}\npickers: 20\n");

        Parameters p = set.resolve(new SplittableRandom(1));

        assertThat(p.intValue("pickers")).isEqualTo(20);
        assertThat(p.distribution("orders.pick_seconds").mean()).isEqualTo(30.0);
        assertThat(p.number("horizon_hours")).isEqualTo(8.0);
        assertThat(set.canonicalJson()).contains("\"pickers\":20");
    }

    @Test
    void shouldNameTheFileAndSuggestTheKeyForATypo() throws IOException {
        assertThatThrownBy(() -> load("orders:\n  rate_per_huor: 10\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("user.yaml: orders.rate_per_huor: unknown parameter")
                .hasMessageContaining("did you mean orders.rate_per_hour?");
    }

    @Test
    void shouldRejectANegativeRate() throws IOException {
        assertThatThrownBy(() -> load("orders:\n  rate_per_hour: -5\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("user.yaml: orders.rate_per_hour: must be >= 0, got -5");
    }

    @Test
    void shouldRejectAnInvertedRange() throws IOException {
        assertThatThrownBy(() -> load("orders:\n  rate_per_hour: {randomize: [150, 90]}\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("orders.rate_per_hour: randomize range [150, 90] is inverted");
        assertThatThrownBy(() -> load("orders:\n  pick_seconds: {dist: uniform, low: 9, high: 3}\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("orders.pick_seconds: uniform needs low <= high");
    }

    @Test
    void shouldRejectADistributionThatCanGoBelowItsMinimum() throws IOException {
        assertThatThrownBy(() -> load("orders:\n  pick_seconds: {dist: normal, mean: 40, sd: 10}\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("orders.pick_seconds: normal can produce")
                .hasMessageContaining("set min: 0");
    }

    @Test
    void shouldRejectUnknownDistributionsAndTheirKeys() throws IOException {
        assertThatThrownBy(() -> load("orders:\n  pick_seconds: {dist: lognormal, medain: 40, sigma: 0.3}\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("orders.pick_seconds: unknown key 'medain' (did you mean 'median'?)");
        assertThatThrownBy(() -> load("orders:\n  pick_seconds: {dist: weibull, k: 2}\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("unknown distribution 'weibull'");
    }

    @Test
    void shouldRequireOneCaseForEachCategory() throws IOException {
        assertThatThrownBy(() -> load("orders:\n  lines:\n    rush: 1\n"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("orders.lines: needs one distribution for each of [express, standard]")
                .hasMessageContaining("got [express, rush, standard]");
    }

    @Test
    void shouldRejectWrongKindsAndBrokenYaml() throws IOException {
        assertThatThrownBy(() -> load("pickers: lots\n")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("pickers: expected a whole number");
        assertThatThrownBy(() -> load("pickers: 2.5\n")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("pickers: must be a whole number");
        assertThatThrownBy(() -> load("orders: [1, 2\n")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> load("pickers: 3\npickers: 4\n")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> load("scenario: pricing\n")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("file is for scenario 'pricing', not 'test'");
    }

    @Test
    void shouldSampleDistributionsWithTheirDeclaredMeans() {
        Parameters p = load(null).resolve(new SplittableRandom(3));
        Distribution pick = p.distribution("orders.pick_seconds");
        SplittableRandom random = new SplittableRandom(4);
        double sum = 0;
        for (int i = 0; i < 100_000; i++) {
            sum += pick.sample(random);
        }

        assertThat(sum / 100_000).isCloseTo(pick.mean(), org.assertj.core.data.Percentage.withPercentage(1));
    }

    private ParameterSet load(String user) {
        Path file = null;
        if (user != null) {
            file = dir.resolve("user.yaml");
            try {
                Files.writeString(file, user);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ParameterSet.load(SPEC, "test", "defaults.yaml", DEFAULTS, file);
    }
}
