package io.mdpstream.validate.stats;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Flattens an observation record into numeric features by path.
 *
 * <p>Paths: a field {@code a} is {@code a}; a field {@code b} of a nested record in {@code a} is {@code a.b}; element
 * 3 of an array field {@code a} is {@code a[3]} (and {@code a[3].b}, {@code a[3][0]} for records and arrays inside).
 * Values: int, long, float and double as doubles (including NaN and infinities, which {@link Summary} counts apart);
 * booleans as 1 and 0. Skipped: strings, enums, bytes, fixed, maps (their keys are open-ended and unordered), null
 * values (including the null branch of a union), and any other type. The union branch is chosen by the value itself.
 *
 * <p>Stateless and thread-safe.
 */
public final class Features {

    /** Element paths by array path: built once, not for every element of every event (they are the same names each time). */
    private static final java.util.concurrent.ConcurrentHashMap<String, String[]> ELEMENT_PATHS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Distinct array paths kept; beyond it (open-ended schemas) paths are built as needed. */
    private static final int MAX_CACHED_ARRAYS = 4096;

    private Features() {
    }

    /** The paths of the first {@code size} elements of the array at {@code path}: one lookup per array, not per element. */
    private static String[] elementPaths(String path, int size) {
        String[] paths = ELEMENT_PATHS.get(path);
        if (paths == null || size > paths.length) {
            int n = Math.max(size, paths == null ? 8 : paths.length * 2);
            String[] grown = new String[n];
            for (int k = 0; k < n; k++) {
                grown[k] = path + "[" + k + "]";
            }
            if (ELEMENT_PATHS.size() < MAX_CACHED_ARRAYS || paths != null) {
                ELEMENT_PATHS.put(path, grown);
            }
            paths = grown;
        }
        return paths;
    }

    /** Receives features one at a time, without a map or a boxed value per feature. */
    @FunctionalInterface
    public interface FeatureConsumer {
        void accept(String path, double value);
    }

    /**
     * The record's numeric features, in field order (depth first, array elements in order).
     *
     * @return a new mutable {@link LinkedHashMap}; empty when nothing is numeric
     * @throws NullPointerException if {@code record} is null
     */
    public static Map<String, Double> flatten(GenericRecord record) {
        Map<String, Double> features = new LinkedHashMap<>();
        forEach(record, features::put);
        return features;
    }

    /**
     * Gives the record's numeric features to {@code out} in {@link #flatten}'s order; each path once.
     *
     * @throws NullPointerException if {@code record} or {@code out} is null
     */
    public static void forEach(GenericRecord record, FeatureConsumer out) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(out, "out");
        addRecord("", record, out);
    }

    private static void addRecord(String prefix, GenericRecord record, FeatureConsumer out) {
        for (Schema.Field field : record.getSchema().getFields()) {
            String path = prefix.isEmpty() ? field.name() : prefix + "." + field.name();
            addValue(path, record.get(field.pos()), out);
        }
    }

    private static void addValue(String path, Object value, FeatureConsumer out) {
        if (value instanceof Double || value instanceof Float || value instanceof Integer || value instanceof Long) {
            out.accept(path, ((Number) value).doubleValue());
        } else if (value instanceof Boolean flag) {
            out.accept(path, flag ? 1.0 : 0.0);
        } else if (value instanceof GenericData.Array<?> elements) {
            // Avro's own classes first: a test against a class takes constant time, one against an interface
            // scans the class's interfaces (and alternating two interfaces defeats the JVM's one-entry cache).
            addElements(path, elements, out);
        } else if (value instanceof GenericData.Record nested) {
            addRecord(path, nested, out);
        } else if (value instanceof GenericRecord nested) {
            addRecord(path, nested, out);
        } else if (value instanceof Collection<?> elements) {
            addElements(path, elements, out);
        }
        // Anything else (null, strings, enums, bytes, fixed, maps, logical-type objects) is not a numeric feature.
    }

    private static void addElements(String path, Collection<?> elements, FeatureConsumer out) {
        String[] paths = elementPaths(path, elements.size());
        int i = 0;
        for (Object element : elements) {
            addValue(paths[i++], element, out);
        }
    }
}
