package io.mdpstream.replay.internal;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * A random stream per episode and purpose, derived from the replay seed, the episode id and the
 * purpose's name: a perturbation of one episode does not depend on which other episodes are
 * replayed, nor on their order.
 */
public final class EpisodeRandom {

    private EpisodeRandom() {
    }

    public static SplittableRandom of(long seed, String episodeId, String purpose) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            digest.update(purpose.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(episodeId.getBytes(StandardCharsets.UTF_8));
            return new SplittableRandom(ByteBuffer.wrap(digest.digest()).getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
