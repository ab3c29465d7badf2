package io.mdpstream.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class EpisodeSpecTest {

    private static final Instant START = Instant.parse("2026-03-02T06:00:00Z");

    @Test
    void episodeIdShouldPadTheIndexToSevenDigits() {
        assertThat(new EpisodeSpec("run-7", 7, 0, START).episodeId()).isEqualTo("run-7-ep-0000000");
        assertThat(new EpisodeSpec("run-7", 7, 42, START).episodeId()).isEqualTo("run-7-ep-0000042");
        assertThat(new EpisodeSpec("run-7", 7, 9_999_999, START).episodeId()).isEqualTo("run-7-ep-9999999");
        assertThat(new EpisodeSpec("run-7", 7, 12_345_678, START).episodeId()).isEqualTo("run-7-ep-12345678");
        assertThat(new EpisodeSpec("r", 7, Long.MAX_VALUE, START).episodeId()).isEqualTo("r-ep-" + Long.MAX_VALUE);
    }

    @Test
    void episodeIdShouldUseAsciiDigitsWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
            assertThat(new EpisodeSpec("run", 1, 42, START).episodeId()).isEqualTo("run-ep-0000042");
        } finally {
            Locale.setDefault(before);
        }
    }
}
