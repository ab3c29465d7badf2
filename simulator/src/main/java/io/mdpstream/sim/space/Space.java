package io.mdpstream.sim.space;

import java.io.IOException;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/**
 * A set of valid observations or actions, declared the way Gymnasium declares spaces: {@link Box},
 * {@link Discrete}, {@link MultiDiscrete}, {@link Dict} and {@link Text} (for side-stream records
 * such as a purchase's user id; it has no place in the flat vector view).
 *
 * <p>Values are plain Java: {@code Double} or {@code Long} for scalar boxes, {@code double[]} or
 * {@code long[]} for vector boxes, {@code Integer} for discrete, {@code int[]} for multi-discrete,
 * {@code String} for text, and an ordered {@code Map<String, Object>} for dicts.
 *
 * <p>A space also gives each value a typed Avro form (a dict is a record with named fields), a
 * flat numeric vector for RL libraries, and, for discrete parts, a valid-action mask whose layout
 * is the concatenation of one boolean per choice.
 *
 * <p>Spaces are immutable and thread-safe.
 */
public sealed interface Space permits Box, Discrete, MultiDiscrete, Dict, Text {

    /** Whether {@code value} is a member of this space (type, shape and bounds). */
    boolean contains(Object value);

    /**
     * Why {@code value} is not a member, or null when it is.
     *
     * @param path where the value sits, for the message, e.g. "action.agent"
     */
    String violation(Object value, String path);

    /** A value drawn uniformly (or, for unbounded boxes, from a wide distribution) from the space. */
    Object sample(RandomGenerator random);

    /** Length of the valid-action mask over this space's discrete choices; 0 for a box. */
    int maskLength();

    /**
     * Why a member value is ruled out by a valid-action mask, or null when the mask allows it.
     *
     * @param mask   one boolean per discrete choice, in this space's layout, starting at {@code offset}
     */
    String maskViolation(Object value, boolean[] mask, int offset, String path);

    /** Whether {@code value} is in the space and allowed by {@code mask} (null or empty: all allowed). */
    default String violation(Object value, boolean[] mask, String path) {
        String outside = violation(value, path);
        if (outside != null || mask == null || mask.length == 0) {
            return outside;
        }
        if (mask.length != maskLength()) {
            return "mask has " + mask.length + " entries but " + path + " needs " + maskLength();
        }
        return maskViolation(value, mask, 0, path);
    }

    /** Length of the flat vector view (one-hot for discrete choices). */
    int flatDimension();

    /** The flat vector view of a value, appended to {@code out} from {@code offset}; returns the next offset. */
    int flatten(Object value, double[] out, int offset);

    /** Column names of the flat vector view, prefixed with {@code prefix}. */
    List<String> flatNames(String prefix);

    /**
     * The Avro schema of values of this space.
     *
     * @param name      record name for a dict
     * @param namespace Avro namespace for named types
     */
    Schema avroSchema(String name, String namespace);

    /** The Avro form of a value of this space, matching {@link #avroSchema}. */
    Object toAvro(Object value, Schema schema);

    /**
     * Writes the Avro binary form of a value, the same bytes as writing {@link #toAvro}'s datum with
     * {@link #avroSchema}'s schema, without building that datum: a publisher at full speed encodes
     * every state this way, and the records and boxed lists were most of its cost per event.
     */
    void writeAvro(Object value, Encoder out) throws IOException;

    /**
     * The value that an Avro datum (for instance an external agent's action) stands for.
     *
     * @throws IllegalArgumentException when the datum does not have this space's shape
     */
    Object fromAvro(Object datum);

    /** The flat vector view of a value. */
    default double[] flatten(Object value) {
        double[] out = new double[flatDimension()];
        flatten(value, out, 0);
        return out;
    }
}
