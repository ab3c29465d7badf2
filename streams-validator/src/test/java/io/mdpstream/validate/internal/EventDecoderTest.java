package io.mdpstream.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The record key is compared with the envelope's episode id as bytes, without decoding it into a string. */
class EventDecoderTest {

    private static boolean matches(byte[] key, String episodeId) {
        return EventDecoder.isUtf8Of(key, episodeId);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldMatchAKeyThatIsTheEpisodeIdInUtf8() {
        assertThat(matches(utf8("support-1-ep-0000007"), "support-1-ep-0000007")).isTrue();
        assertThat(matches(utf8("épisode-7"), "épisode-7")).isTrue();
        assertThat(matches(new byte[0], "")).isTrue();
    }

    @Test
    void shouldNotMatchAnyOtherKey() {
        assertThat(matches(utf8("support-1-ep-0000008"), "support-1-ep-0000007")).isFalse();
        assertThat(matches(utf8("support-1-ep-000000"), "support-1-ep-0000007")).isFalse();
        assertThat(matches(utf8("support-1-ep-00000070"), "support-1-ep-0000007")).isFalse();
        // As many bytes as the id has chars, but not its encoding: é is two bytes in UTF-8.
        assertThat(matches(new byte[] {(byte) 0xE9, 'x'}, "éx")).isFalse();
        assertThat(matches(utf8("éx"), "ex")).isFalse();
        // Latin-1 bytes for an id with the same chars.
        assertThat(matches("épisode".getBytes(StandardCharsets.ISO_8859_1), "épisode")).isFalse();
    }
}
