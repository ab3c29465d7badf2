package io.mdpstream.sim.space;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;

/**
 * Named sub-spaces in a fixed order; the value is a {@code Map<String, Object>} with exactly these
 * keys. Its Avro form is a record whose fields carry the names and documentation, so downstream
 * tools read values by name.
 */
public final class Dict implements Space {

    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final Map<String, Space> spaces;
    private final Map<String, String> docs;
    /** Entry names in declared order, and each one's position: the layout every {@link DictValue} shares. */
    private final String[] names;
    /** The entries' spaces, in the same order. */
    private final Space[] entries;
    /**
     * Each entry's position by name, in an open-addressing table on the names' own (cached) hash codes:
     * every put and get of a {@link DictValue} looks one up, a scenario fills an observation per
     * decision, and a hash map's node and boxed position were two more memory reads per lookup.
     */
    private final String[] slotNames;
    private final int[] slotPositions;
    /** No entry is itself a dict. */
    private final boolean flat;
    private final int maskLength;
    private final int flatDimension;
    /**
     * The layouts of the last schema toAvro wrote and of the last one fromAvro read (a process that
     * does both may use two schema instances); immutable, so a racy read sees a whole one or null.
     */
    private volatile Layout writeLayout;
    private volatile Layout readLayout;

    private Dict(Map<String, Space> spaces, Map<String, String> docs) {
        if (spaces.isEmpty()) {
            throw new IllegalArgumentException("a dict space needs at least one entry");
        }
        this.spaces = Collections.unmodifiableMap(new LinkedHashMap<>(spaces));
        this.docs = Collections.unmodifiableMap(new LinkedHashMap<>(docs));
        this.names = spaces.keySet().toArray(new String[0]);
        this.entries = this.spaces.values().toArray(new Space[0]);
        int slots = Integer.highestOneBit(4 * names.length - 1); // a power of two, at most half full
        this.slotNames = new String[slots];
        this.slotPositions = new int[slots];
        for (int i = 0; i < names.length; i++) {
            int slot = firstSlot(names[i]);
            while (slotNames[slot] != null) {
                slot = (slot + 1) & (slots - 1);
            }
            slotNames[slot] = names[i];
            slotPositions[slot] = i;
        }
        this.flat = spaces.values().stream().noneMatch(Dict.class::isInstance);
        this.maskLength = spaces.values().stream().mapToInt(Space::maskLength).sum();
        this.flatDimension = spaces.values().stream().mapToInt(Space::flatDimension).sum();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The sub-spaces, in declared order. */
    public Map<String, Space> spaces() {
        return spaces;
    }

    /**
     * A new, empty value to fill with {@code put}: a map that takes only this space's entries and
     * iterates them in declared order, so {@link #ordered} returns it as it is. It costs an array
     * slot per entry instead of a hash-map node, which counts when many episodes in flight each hold
     * an observation. Mutable, not thread-safe.
     */
    public Map<String, Object> newValue() {
        return new DictValue(this);
    }

    /** Position of entry {@code key} in declared order, or -1. */
    int position(Object key) {
        if (!(key instanceof String name)) {
            return -1;
        }
        for (int slot = firstSlot(name); ; slot = (slot + 1) & (slotNames.length - 1)) {
            String candidate = slotNames[slot];
            if (candidate == null) {
                return -1;
            }
            if (candidate.equals(name)) { // the same instance, mostly: both are the scenario's literals
                return slotPositions[slot];
            }
        }
    }

    private int firstSlot(String name) {
        int h = name.hashCode();
        return (h ^ h >>> 16) & (slotNames.length - 1);
    }

    /** The name of the entry at {@code position} in declared order. */
    String name(int position) {
        return names[position];
    }

    /** The documentation of an entry, or null. */
    public String doc(String key) {
        return docs.get(key);
    }

    /**
     * The value with its entries in this space's declared order, nested dicts too: the map itself when
     * it already iterates that way, else an ordered copy. {@code Map.of} iterates in an order that
     * changes from one JVM run to the next; output built from it would not be reproducible.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> ordered(Map<String, Object> value) {
        if (value instanceof DictValue filled && filled.space() == this && filled.size() == names.length && flat) {
            return value; // built by newValue: in order by construction
        }
        boolean inOrder = value.size() == spaces.size();
        java.util.Iterator<String> keys = value.keySet().iterator();
        for (Map.Entry<String, Space> entry : spaces.entrySet()) {
            if (!inOrder || !keys.hasNext() || !keys.next().equals(entry.getKey())
                    || entry.getValue() instanceof Dict && !(value.get(entry.getKey()) instanceof LinkedHashMap
                            || value.get(entry.getKey()) instanceof DictValue)) {
                inOrder = false;
                break;
            }
        }
        if (inOrder) {
            return value;
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Space> entry : spaces.entrySet()) {
            Object item = value.get(entry.getKey());
            ordered.put(entry.getKey(), entry.getValue() instanceof Dict dict && item instanceof Map<?, ?> nested
                    ? dict.ordered((Map<String, Object>) nested) : item);
        }
        return ordered;
    }

    public Space get(String key) {
        Space space = spaces.get(key);
        if (space == null) {
            throw new IllegalArgumentException("no entry '" + key + "' in " + spaces.keySet());
        }
        return space;
    }

    @Override
    public boolean contains(Object value) {
        return violation(value, "value") == null;
    }

    @Override
    public String violation(Object value, String path) {
        // Checked at every decision: a first pass that builds no child paths decides; only a value that
        // fails it goes through the full check, which names the first problem exactly as before.
        if (value instanceof Map<?, ?> map && map.size() == spaces.size()) {
            boolean valid = true;
            for (Map.Entry<String, Space> entry : spaces.entrySet()) {
                Object item = map.get(entry.getKey());
                if (item == null && !map.containsKey(entry.getKey()) || entry.getValue().violation(item, path) != null) {
                    valid = false;
                    break;
                }
            }
            if (valid) {
                return null; // same size and every declared entry present: no unknown entry either
            }
        }
        return describeViolation(value, path);
    }

    private String describeViolation(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            return path + " must be a map of " + spaces.keySet() + ", got " + Box.describe(value);
        }
        for (Object key : map.keySet()) {
            if (!spaces.containsKey(key)) {
                return path + " has unknown entry '" + key + "'; expected " + spaces.keySet();
            }
        }
        for (Map.Entry<String, Space> entry : spaces.entrySet()) {
            if (!map.containsKey(entry.getKey())) {
                return path + "." + entry.getKey() + " is missing";
            }
            String violation = entry.getValue().violation(map.get(entry.getKey()), path + "." + entry.getKey());
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    @Override
    public Object sample(RandomGenerator random) {
        Map<String, Object> value = new LinkedHashMap<>();
        spaces.forEach((key, space) -> value.put(key, space.sample(random)));
        return value;
    }

    @Override
    public int maskLength() {
        return maskLength;
    }

    @Override
    public String maskViolation(Object value, boolean[] mask, int offset, String path) {
        Map<?, ?> map = (Map<?, ?>) value;
        int at = offset;
        for (Map.Entry<String, Space> entry : spaces.entrySet()) {
            // The child's path is built only for the message of an entry that fails.
            if (entry.getValue().maskViolation(map.get(entry.getKey()), mask, at, path) != null) {
                return entry.getValue().maskViolation(map.get(entry.getKey()), mask, at, path + "." + entry.getKey());
            }
            at += entry.getValue().maskLength();
        }
        return null;
    }

    @Override
    public int flatDimension() {
        return flatDimension;
    }

    @Override
    public int flatten(Object value, double[] out, int offset) {
        Map<?, ?> map = (Map<?, ?>) value;
        int at = offset;
        for (Map.Entry<String, Space> entry : spaces.entrySet()) {
            at = entry.getValue().flatten(map.get(entry.getKey()), out, at);
        }
        return at;
    }

    @Override
    public List<String> flatNames(String prefix) {
        List<String> names = new ArrayList<>(flatDimension);
        String dot = prefix.isEmpty() ? "" : prefix + ".";
        spaces.forEach((key, space) -> names.addAll(space.flatNames(dot + key)));
        return names;
    }

    @Override
    public Schema avroSchema(String name, String namespace) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Map.Entry<String, Space> entry : spaces.entrySet()) {
            String key = entry.getKey();
            String recordName = name + "_" + key;
            fields.add(new Schema.Field(key, entry.getValue().avroSchema(recordName, namespace), docs.get(key)));
        }
        return Schema.createRecord(name, null, namespace, false, fields);
    }

    @Override
    public Object toAvro(Object value, Schema schema) {
        Map<?, ?> map = (Map<?, ?>) value;
        Layout layout = writeLayout;
        if (layout == null || layout.schema != schema) {
            layout = new Layout(schema, this);
            writeLayout = layout; // a publisher maps every state with the same schema instance
        }
        GenericData.Record record = new GenericData.Record(schema);
        // A value from newValue() is read by position, without a lookup per field.
        DictValue filled = map instanceof DictValue v && v.space() == this ? v : null;
        for (int pos = 0; pos < layout.names.length; pos++) {
            Object entry = filled != null ? filled.at(layout.positions[pos]) : map.get(layout.names[pos]);
            record.put(pos, layout.spaces[pos].toAvro(entry, layout.schemas[pos]));
        }
        return record;
    }

    @Override
    public void writeAvro(Object value, Encoder out) throws IOException {
        Map<?, ?> map = (Map<?, ?>) value;
        DictValue filled = map instanceof DictValue v && v.space() == this ? v : null;
        // The record's fields are the entries in declared order (see avroSchema), so positions line up.
        for (int pos = 0; pos < entries.length; pos++) {
            entries[pos].writeAvro(filled != null ? filled.at(pos) : map.get(names[pos]), out);
        }
    }

    /**
     * How the fields of one record schema line up with the dict's entries, both ways: by field
     * position, what toAvro writes there; by entry position, where fromAvro reads it.
     */
    private static final class Layout {
        final Schema schema;
        final String[] names;
        final Space[] spaces;
        final Schema[] schemas;
        /** By field position: the entry's position in the dict, as a {@link DictValue} holds it; -1 for a field the dict lacks. */
        final int[] positions;
        /** By entry position: the field's position in the record; -1 for an entry the schema lacks. */
        final int[] fields;

        Layout(Schema schema, Dict dict) {
            this.schema = schema;
            List<Schema.Field> all = schema.getFields();
            names = new String[all.size()];
            spaces = new Space[all.size()];
            schemas = new Schema[all.size()];
            positions = new int[all.size()];
            fields = new int[dict.names.length];
            Arrays.fill(fields, -1);
            for (Schema.Field field : all) {
                int pos = field.pos();
                names[pos] = field.name();
                spaces[pos] = dict.spaces.get(field.name());
                schemas[pos] = field.schema();
                positions[pos] = dict.position(field.name());
                if (positions[pos] >= 0) {
                    fields[positions[pos]] = pos;
                }
            }
        }
    }

    @Override
    public Object fromAvro(Object datum) {
        Map<String, Object> value = newValue();
        if (datum instanceof GenericRecord record) {
            // By field position, not by name: a validator reads every state's observation this way.
            Schema schema = record.getSchema();
            Layout layout = readLayout;
            if (layout == null || layout.schema != schema) {
                layout = new Layout(schema, this);
                readLayout = layout; // a reader decodes every record of a topic with the same schema instance
            }
            int[] fields = layout.fields;
            DictValue filled = (DictValue) value;
            for (int i = 0; i < entries.length; i++) {
                if (fields[i] < 0) {
                    throw new IllegalArgumentException("record " + record.getSchema().getFullName() + " lacks field '"
                            + names[i] + "'");
                }
                filled.set(i, entries[i].fromAvro(record.get(fields[i])));
            }
            return value;
        }
        if (datum instanceof Map<?, ?> map) {
            for (Map.Entry<String, Space> entry : spaces.entrySet()) {
                Object item = map.containsKey(entry.getKey()) ? map.get(entry.getKey())
                        : map.get(new org.apache.avro.util.Utf8(entry.getKey()));
                if (item == null) {
                    throw new IllegalArgumentException("missing entry '" + entry.getKey() + "'");
                }
                value.put(entry.getKey(), entry.getValue().fromAvro(item));
            }
            return value;
        }
        throw new IllegalArgumentException("expected a record with fields " + spaces.keySet() + ", got " + Box.describe(datum));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dict d && d.spaces.equals(spaces);
    }

    @Override
    public int hashCode() {
        return spaces.hashCode();
    }

    @Override
    public String toString() {
        return "Dict(" + spaces + ")";
    }

    /** Adds entries in order. */
    public static final class Builder {
        private final Map<String, Space> spaces = new LinkedHashMap<>();
        private final Map<String, String> docs = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param name lower_snake_case, so it names an Avro field, a Parquet column and a Python attribute
         */
        public Builder add(String name, Space space, String doc) {
            if (!FIELD_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("entry name '" + name + "' must be lower_snake_case");
            }
            if (spaces.putIfAbsent(name, Objects.requireNonNull(space, "space")) != null) {
                throw new IllegalArgumentException("duplicate entry '" + name + "'");
            }
            if (doc != null) {
                docs.put(name, doc);
            }
            return this;
        }

        public Builder add(String name, Space space) {
            return add(name, space, null);
        }

        public Dict build() {
            return new Dict(spaces, docs);
        }
    }
}
