package io.mdpstream.validate.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a {@link Summary}, for reference profiles: every field of its state, bucket counts as an array
 * starting at the lowest non-empty index. Reading checks every field and throws an {@link IllegalArgumentException}
 * whose message starts with the JSON path of the problem. Stateless.
 */
final class SummaryJson {

    private SummaryJson() {
    }

    static ObjectNode write(Summary summary) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        boolean empty = summary.count() == 0;
        node.put("count", summary.count());
        node.put("nonFinite", summary.nonFinite());
        node.put("mean", summary.mean());
        node.put("m2", empty ? 0 : summary.m2());
        node.put("min", empty ? 0 : summary.min());
        node.put("max", empty ? 0 : summary.max());
        node.put("zero", summary.zeroCount());
        node.set("negative", writeStore(summary.negativeStore()));
        node.set("positive", writeStore(summary.positiveStore()));
        return node;
    }

    static Summary read(JsonNode node, String path) {
        requireObject(node, path);
        long count = nonNegativeLong(node, "count", path);
        long nonFinite = nonNegativeLong(node, "nonFinite", path);
        double mean = finiteDouble(node, "mean", path);
        double m2 = finiteDouble(node, "m2", path);
        double min = finiteDouble(node, "min", path);
        double max = finiteDouble(node, "max", path);
        long zero = nonNegativeLong(node, "zero", path);
        BucketStore negative = readStore(node, "negative", path);
        BucketStore positive = readStore(node, "positive", path);
        try {
            return Summary.restore(count, nonFinite, mean, m2, min, max, zero, negative, positive);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode writeStore(BucketStore store) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("offset", store.isEmpty() ? 0 : store.minIndex());
        ArrayNode counts = node.putArray("counts");
        if (!store.isEmpty()) {
            for (int i = store.minIndex(); i <= store.maxIndex(); i++) {
                counts.add(store.count(i));
            }
        }
        return node;
    }

    private static BucketStore readStore(JsonNode parent, String field, String parentPath) {
        String path = parentPath + "." + field;
        JsonNode node = required(parent, field, parentPath);
        requireObject(node, path);
        JsonNode offsetNode = required(node, "offset", path);
        if (!offsetNode.isIntegralNumber() || !offsetNode.canConvertToInt()) {
            throw new IllegalArgumentException(path + ".offset must be an integer, was " + offsetNode);
        }
        int offset = offsetNode.intValue();
        JsonNode counts = required(node, "counts", path);
        if (!counts.isArray()) {
            throw new IllegalArgumentException(path + ".counts must be an array, was " + counts.getNodeType());
        }
        if (counts.size() > Summary.MAX_BUCKETS_PER_SIGN) {
            throw new IllegalArgumentException(path + ".counts has " + counts.size() + " buckets, at most "
                    + Summary.MAX_BUCKETS_PER_SIGN + " allowed");
        }
        if (counts.size() > 0 && (offset < Summary.MIN_INDEX || (long) offset + counts.size() - 1 > Summary.MAX_INDEX)) {
            throw new IllegalArgumentException(path + ".offset " + offset + " puts buckets outside ["
                    + Summary.MIN_INDEX + ", " + Summary.MAX_INDEX + "]");
        }
        BucketStore store = new BucketStore(Summary.MAX_BUCKETS_PER_SIGN);
        long total = 0;
        for (int i = 0; i < counts.size(); i++) {
            JsonNode c = counts.get(i);
            String at = path + ".counts[" + i + "]";
            if (!c.isIntegralNumber() || !c.canConvertToLong()) {
                throw new IllegalArgumentException(at + " must be an integer, was " + c);
            }
            if (c.longValue() < 0) {
                throw new IllegalArgumentException(at + " must be >= 0, was " + c.longValue());
            }
            total += c.longValue();
            if (total < 0) {
                throw new IllegalArgumentException(path + ".counts overflow a long");
            }
            store.add(offset + i, c.longValue());
        }
        return store;
    }

    static JsonNode required(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("missing field " + join(parentPath, field));
        }
        return node;
    }

    static void requireObject(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new IllegalArgumentException((path.isEmpty() ? "the top level" : path) + " must be an object, was "
                    + node.getNodeType());
        }
    }

    static long nonNegativeLong(JsonNode parent, String field, String parentPath) {
        JsonNode node = required(parent, field, parentPath);
        String path = join(parentPath, field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(path + " must be an integer, was " + node);
        }
        if (node.longValue() < 0) {
            throw new IllegalArgumentException(path + " must be >= 0, was " + node.longValue());
        }
        return node.longValue();
    }

    private static double finiteDouble(JsonNode parent, String field, String parentPath) {
        JsonNode node = required(parent, field, parentPath);
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new IllegalArgumentException(join(parentPath, field) + " must be a finite number, was " + node);
        }
        return node.doubleValue();
    }

    private static String join(String parentPath, String field) {
        return parentPath.isEmpty() ? field : parentPath + "." + field;
    }
}
