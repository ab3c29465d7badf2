package io.mdpstream.sim.space;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A value of a {@link Dict} space, from {@link Dict#newValue()}: a map that takes only the space's
 * keys and iterates them in the space's declared order, whatever the order of the puts.
 *
 * <p>Why not a {@code LinkedHashMap}: a continuous feed holds the latest observation of every
 * episode in flight (100,000 of them), and a hash map spends about 50 bytes per entry on nodes and
 * its table. Here an entry is one array slot; the keys and their positions belong to the space and
 * are shared by all its values.
 *
 * <p>A full {@link Map} otherwise (null values allowed, {@code equals} and {@code hashCode} as for
 * any map). Mutable and not thread-safe, like the hash map it replaces.
 */
final class DictValue extends AbstractMap<String, Object> {

    /** Marks an entry not put yet (or removed), so that null stays an ordinary value. */
    private static final Object ABSENT = new Object();

    private final Dict space;
    private final Object[] values;
    private int size;

    DictValue(Dict space) {
        this.space = space;
        this.values = new Object[space.spaces().size()];
        Arrays.fill(values, ABSENT);
    }

    /** The space whose keys this value takes. */
    Dict space() {
        return space;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        int at = space.position(key);
        return at >= 0 && values[at] != ABSENT;
    }

    /** The entry at {@code position} of the space (see {@link Dict#position}), or null when absent or -1. */
    Object at(int position) {
        Object value = position < 0 ? ABSENT : values[position];
        return value == ABSENT ? null : value;
    }

    /** Puts the entry at {@code position} of the space, as {@link #put} does by name; returns the old value or null. */
    Object set(int position, Object value) {
        Object old = values[position];
        values[position] = value;
        if (old == ABSENT) {
            size++;
            return null;
        }
        return old;
    }

    @Override
    public Object get(Object key) {
        int at = space.position(key);
        if (at < 0) {
            return null;
        }
        Object value = values[at];
        return value == ABSENT ? null : value;
    }

    /**
     * @throws IllegalArgumentException when {@code key} is not an entry of the space
     */
    @Override
    public Object put(String key, Object value) {
        int at = space.position(key);
        if (at < 0) {
            throw new IllegalArgumentException("no entry '" + key + "' in " + space.spaces().keySet());
        }
        return set(at, value);
    }

    @Override
    public Object remove(Object key) {
        int at = space.position(key);
        if (at < 0 || values[at] == ABSENT) {
            return null;
        }
        Object old = values[at];
        values[at] = ABSENT;
        size--;
        return old;
    }

    @Override
    public void clear() {
        Arrays.fill(values, ABSENT);
        size = 0;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The present entries in declared order; each entry writes through to the value. */
    private final class Entries implements Iterator<Map.Entry<String, Object>> {
        private int next = advance(0);
        private int last = -1;

        private int advance(int from) {
            int at = from;
            while (at < values.length && values[at] == ABSENT) {
                at++;
            }
            return at;
        }

        @Override
        public boolean hasNext() {
            return next < values.length;
        }

        @Override
        public Map.Entry<String, Object> next() {
            if (next >= values.length) {
                throw new NoSuchElementException();
            }
            last = next;
            next = advance(next + 1);
            return new Entry(last);
        }

        @Override
        public void remove() {
            if (last < 0 || values[last] == ABSENT) {
                throw new IllegalStateException();
            }
            values[last] = ABSENT;
            size--;
        }
    }

    private final class Entry implements Map.Entry<String, Object> {
        private final int at;

        Entry(int at) {
            this.at = at;
        }

        @Override
        public String getKey() {
            return space.name(at);
        }

        @Override
        public Object getValue() {
            Object value = values[at];
            return value == ABSENT ? null : value;
        }

        @Override
        public Object setValue(Object value) {
            if (values[at] == ABSENT) {
                throw new IllegalStateException("entry '" + getKey() + "' was removed");
            }
            Object old = values[at];
            values[at] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey())
                    && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
