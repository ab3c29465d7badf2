package io.mdpstream.sim.params;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mdpstream.sim.params.ParameterSpec.Entry;
import io.mdpstream.sim.params.ParameterSpec.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A scenario's parameters for a run: the defaults, overlaid with a user's file, checked against
 * the scenario's {@link ParameterSpec}. Resolving it draws each randomised number for an episode.
 *
 * <p>Immutable and thread-safe; values that are not randomised are built once and shared by all
 * episodes.
 */
public final class ParameterSet {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String source;
    private final Map<String, Object> fixed;
    private final Map<String, Template> randomized;
    private final String canonicalJson;

    private ParameterSet(String source, Map<String, Template> templates, String canonicalJson) {
        this.source = source;
        this.canonicalJson = canonicalJson;
        // Values that never change are resolved once here and shared by every episode's Parameters.
        Map<String, Object> fixedValues = new HashMap<>();
        Map<String, Template> drawn = new LinkedHashMap<>();
        templates.forEach((path, template) -> {
            if (template instanceof Fixed f) {
                fixedValues.put(path, f.value());
            } else {
                drawn.put(path, template);
            }
        });
        this.fixed = java.util.Collections.unmodifiableMap(fixedValues);
        this.randomized = drawn;
    }

    /**
     * Reads defaults and an optional user file over them.
     *
     * @param defaultsName names the defaults in messages, e.g. {@code scenarios/warehouse.yaml}
     * @param userFile     a YAML file overriding some defaults, or null
     * @throws ParameterException naming the file and key of the first problem found
     */
    public static ParameterSet load(ParameterSpec spec, String scenario, String defaultsName, String defaultsYaml,
                                    Path userFile) {
        if (userFile == null) {
            return load(spec, scenario, defaultsName, defaultsYaml, null, null);
        }
        String text;
        try {
            text = Files.readString(userFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParameterException(userFile + ": cannot read the parameter file: " + e.getMessage(), e);
        }
        return load(spec, scenario, defaultsName, defaultsYaml, userFile.toString(), text);
    }

    /**
     * Reads defaults and optional overrides given as YAML text.
     *
     * @param overridesName names the overrides in messages, e.g. a file name; null when there are none
     * @throws ParameterException naming the source and key of the first problem found
     */
    public static ParameterSet load(ParameterSpec spec, String scenario, String defaultsName, String defaultsYaml,
                                    String overridesName, String overridesYaml) {
        Map<String, Object> merged = parseYaml(defaultsName, defaultsYaml, scenario);
        String source = defaultsName;
        if (overridesYaml != null) {
            Map<String, Object> user = parseYaml(overridesName, overridesYaml, scenario);
            // Check the user's keys on their own first, so a typo is blamed on the user's file.
            checkKeys(spec, user, overridesName, "", false);
            merged = deepMerge(merged, user);
            source = overridesName;
        }
        checkKeys(spec, merged, source, "", true);
        Map<String, Template> templates = compile(spec, merged, source);
        try {
            return new ParameterSet(source, templates, CANONICAL.writeValueAsString(merged));
        } catch (JsonProcessingException e) {
            throw new ParameterException(source + ": cannot render parameters as JSON: " + e.getMessage(), e);
        }
    }

    /** Where the effective values came from (the user's file, or the defaults). */
    public String source() {
        return source;
    }

    /** The effective parameters as canonical JSON (keys sorted), as recorded with every episode. */
    public String canonicalJson() {
        return canonicalJson;
    }

    /** The parameters of one episode, drawing every randomised number from {@code random}. */
    public Parameters resolve(RandomGenerator random) {
        if (randomized.isEmpty()) {
            return new Parameters(source, fixed, Map.of(), Map.of());
        }
        Map<String, Double> drawn = new LinkedHashMap<>();
        Map<String, Object> values = new HashMap<>(randomized.size() * 2);
        randomized.forEach((path, template) -> values.put(path, template.resolve(random, drawn)));
        return new Parameters(source, fixed, values, drawn);
    }

    // ---- parsing and checking -------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseYaml(String name, String text, String scenario) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new ParameterException(name + ": not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        if (document == null) {
            return new LinkedHashMap<>();
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ParameterException(name + ": the top level must be a map of parameters");
        }
        Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) map);
        Object declared = result.remove("scenario");
        if (declared != null && !declared.toString().equals(scenario)) {
            throw new ParameterException(name + ": scenario: file is for scenario '" + declared + "', not '" + scenario + "'");
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        over.forEach((key, value) -> {
            Object old = merged.get(key);
            if (old instanceof Map && value instanceof Map && !isLeafNode((Map<String, Object>) value)) {
                merged.put(key, deepMerge((Map<String, Object>) old, (Map<String, Object>) value));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** A distribution or randomize node replaces the default wholesale rather than merging into it. */
    private static boolean isLeafNode(Map<String, Object> node) {
        return node.containsKey("dist") || node.containsKey("randomize");
    }

    @SuppressWarnings("unchecked")
    private static void checkKeys(ParameterSpec spec, Map<String, Object> tree, String source, String prefix,
                                  boolean requireAll) {
        for (Map.Entry<String, Object> node : tree.entrySet()) {
            String path = prefix.isEmpty() ? String.valueOf(node.getKey()) : prefix + "." + node.getKey();
            if (spec.entries().containsKey(path)) {
                continue;
            }
            boolean isPrefix = spec.entries().keySet().stream().anyMatch(p -> p.startsWith(path + "."));
            if (!isPrefix) {
                throw new ParameterException(source + ": " + path + ": unknown parameter" + suggestion(spec, path));
            }
            if (!(node.getValue() instanceof Map)) {
                throw new ParameterException(source + ": " + path + ": expected a map of "
                        + children(spec, path) + ", got " + describe(node.getValue()));
            }
            checkKeys(spec, (Map<String, Object>) node.getValue(), source, path, false);
        }
        if (requireAll) {
            for (String path : spec.entries().keySet()) {
                if (lookup(tree, path) == null) {
                    throw new ParameterException(source + ": " + path + ": missing; it has no default");
                }
            }
        }
    }

    private static Set<String> children(ParameterSpec spec, String path) {
        Set<String> names = new TreeSet<>();
        for (String p : spec.entries().keySet()) {
            if (p.startsWith(path + ".")) {
                names.add(p.substring(path.length() + 1).split("\\.")[0]);
            }
        }
        return names;
    }

    private static String suggestion(ParameterSpec spec, String path) {
        return spec.entries().keySet().stream()
                .min(Comparator.comparingInt(p -> editDistance(p, path)))
                .filter(p -> editDistance(p, path) <= Math.max(2, path.length() / 4))
                .map(p -> " (did you mean " + p + "?)")
                .orElse("; known parameters: " + spec.entries().keySet());
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> tree, String path) {
        Object node = tree;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(part);
        }
        return node;
    }

    private static Map<String, Template> compile(ParameterSpec spec, Map<String, Object> tree, String source) {
        Map<String, Template> templates = new LinkedHashMap<>();
        Compiler compiler = new Compiler(source);
        for (Entry entry : spec.entries().values()) {
            templates.put(entry.path(), compiler.compile(entry, lookup(tree, entry.path()), entry.path(), spec, tree));
        }
        return templates;
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " '" + value + "'";
    }

    /** A value whose randomised parts are drawn per episode. */
    interface Template {
        Object resolve(RandomGenerator random, Map<String, Double> drawn);
    }

    /** A value with nothing to draw: built once, shared. */
    record Fixed(Object value) implements Template {
        @Override
        public Object resolve(RandomGenerator random, Map<String, Double> drawn) {
            return value;
        }
    }

    /** A number drawn uniformly from [low, high] for each episode. */
    record Randomized(String path, double low, double high, boolean integer) implements Template {
        @Override
        public Object resolve(RandomGenerator random, Map<String, Double> drawn) {
            double value = integer ? (double) random.nextLong((long) low, (long) high + 1)
                    : low == high ? low : random.nextDouble(low, high);
            Double boxed = value; // one box for the record of draws and the value, which every episode keeps
            drawn.put(path, boxed);
            return integer ? (Object) (long) value : boxed;
        }
    }

    /** Turns the checked tree into templates, failing with the file and key of the first problem. */
    private static final class Compiler {
        private final String source;

        Compiler(String source) {
            this.source = source;
        }

        ParameterException error(String path, String problem) {
            return new ParameterException(source + ": " + path + ": " + problem);
        }

        @SuppressWarnings("unchecked")
        Template compile(Entry entry, Object node, String path, ParameterSpec spec, Map<String, Object> tree) {
            switch (entry.kind()) {
                case NUMBER:
                    return number(node, path, entry.min(), entry.max(), false);
                case INTEGER:
                    return number(node, path, entry.min(), entry.max(), true);
                case BOOLEAN:
                    if (!(node instanceof Boolean flag)) {
                        throw error(path, "expected true or false, got " + describe(node));
                    }
                    return new Fixed(flag);
                case DISTRIBUTION:
                    return distribution(node, path, entry.min());
                case DISTRIBUTIONS_BY: {
                    Object categoriesNode = lookup(tree, entry.categories());
                    Categorical categories = (Categorical) ((Fixed) categorical(categoriesNode, entry.categories())).value();
                    Map<String, Object> cases = map(node, path);
                    Set<String> expected = new TreeSet<>(categories.names());
                    if (!expected.equals(new TreeSet<>(cases.keySet()))) {
                        throw error(path, "needs one distribution for each of " + expected + " (the categories of "
                                + entry.categories() + "), got " + new TreeSet<>(cases.keySet()));
                    }
                    Map<String, Template> parts = new LinkedHashMap<>();
                    cases.forEach((name, value) -> parts.put(name, distribution(value, path + "." + name, entry.min())));
                    return composite(parts, values -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values)));
                }
                case CATEGORICAL:
                    return categorical(node, path);
                case SEASONALITY:
                    return seasonality(node, path);
                case RARE_EVENT: {
                    Map<String, Object> map = map(node, path);
                    allowOnly(map, path, Set.of("rate_per_day", "magnitude", "duration_minutes"));
                    Map<String, Template> parts = new LinkedHashMap<>();
                    parts.put("rate_per_day", number(require(map, path, "rate_per_day"), path + ".rate_per_day", 0,
                            Double.POSITIVE_INFINITY, false));
                    parts.put("magnitude", distribution(require(map, path, "magnitude"), path + ".magnitude",
                            Double.NEGATIVE_INFINITY));
                    parts.put("duration_minutes", distribution(require(map, path, "duration_minutes"),
                            path + ".duration_minutes", 0));
                    return composite(parts, v -> new RareEventSpec(path, ((Number) v.get("rate_per_day")).doubleValue(),
                            (Distribution) v.get("magnitude"), (Distribution) v.get("duration_minutes")));
                }
                case STRINGS: {
                    if (!(node instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
                        throw error(path, "expected a list of strings, got " + describe(node));
                    }
                    return new Fixed(List.copyOf((List<String>) list));
                }
                case TEXT:
                    if (!(node instanceof String text)) {
                        throw error(path, "expected a string, got " + describe(node));
                    }
                    return new Fixed(text);
                case LIST: {
                    if (!(node instanceof List<?> list)) {
                        throw error(path, "expected a list, got " + describe(node));
                    }
                    List<Template> elements = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        String at = path + "[" + i + "]";
                        Map<String, Object> element = map(list.get(i), at);
                        checkKeysWithin(entry.element(), element, at);
                        Map<String, Template> fields = new LinkedHashMap<>();
                        for (Entry sub : entry.element().entries().values()) {
                            fields.put(sub.path(), compile(sub, lookup(element, sub.path()), at + "." + sub.path(),
                                    entry.element(), element));
                        }
                        String elementSource = source + " " + at;
                        elements.add(composite(fields, values -> new Parameters(elementSource, values, Map.of(), Map.of())));
                    }
                    return composite(indexed(elements), values -> List.copyOf(values.values()));
                }
                default:
                    throw new IllegalStateException("unhandled kind " + entry.kind());
            }
        }

        private void checkKeysWithin(ParameterSpec spec, Map<String, Object> element, String at) {
            try {
                checkKeys(spec, element, source, "", true);
            } catch (ParameterException e) {
                throw new ParameterException(e.getMessage().replace(source + ": ", source + ": " + at + "."), e);
            }
        }

        private Map<String, Template> indexed(List<Template> elements) {
            Map<String, Template> byIndex = new LinkedHashMap<>();
            for (int i = 0; i < elements.size(); i++) {
                byIndex.put(Integer.toString(i), elements.get(i));
            }
            return byIndex;
        }

        Template number(Object node, String path, double min, double max, boolean integer) {
            if (node instanceof Map<?, ?> map && map.containsKey("randomize")) {
                allowOnly(map, path, Set.of("randomize"));
                if (!(map.get("randomize") instanceof List<?> range) || range.size() != 2) {
                    throw error(path, "randomize needs [low, high], got " + describe(map.get("randomize")));
                }
                double low = plainNumber(range.get(0), path + ".randomize[0]", integer);
                double high = plainNumber(range.get(1), path + ".randomize[1]", integer);
                if (low > high) {
                    throw error(path, "randomize range [" + fmt(low) + ", " + fmt(high) + "] is inverted: low must be <= high");
                }
                checkRange(low, path, min, max);
                checkRange(high, path, min, max);
                return new Randomized(path, low, high, integer);
            }
            double value = plainNumber(node, path, integer);
            checkRange(value, path, min, max);
            return new Fixed(integer ? (Object) (long) value : (Object) value);
        }

        private double plainNumber(Object node, String path, boolean integer) {
            if (!(node instanceof Number number)) {
                throw error(path, "expected " + (integer ? "a whole number" : "a number") + " or {randomize: [low, high]}, got "
                        + describe(node));
            }
            double value = number.doubleValue();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw error(path, "must be finite, got " + value);
            }
            if (integer && value != Math.rint(value)) {
                throw error(path, "must be a whole number, got " + value);
            }
            return value;
        }

        private void checkRange(double value, String path, double min, double max) {
            if (value < min || value > max) {
                String allowed = max == Double.POSITIVE_INFINITY ? ">= " + fmt(min)
                        : min == Double.NEGATIVE_INFINITY ? "<= " + fmt(max) : "within [" + fmt(min) + ", " + fmt(max) + "]";
                throw error(path, "must be " + allowed + ", got " + fmt(value));
            }
        }

        Template distribution(Object node, String path, double minimum) {
            if (node instanceof Number || node instanceof Map<?, ?> m && m.containsKey("randomize")) {
                Template constant = number(node, path, minimum, Double.POSITIVE_INFINITY, false);
                return composite(Map.of("value", constant), v -> Distribution.constant(((Number) v.get("value")).doubleValue()));
            }
            Map<String, Object> map = map(node, path);
            Object kind = map.get("dist");
            if (kind == null) {
                throw error(path, "a distribution needs 'dist:' (constant, uniform, exponential, normal, lognormal, gamma,"
                        + " triangular, poisson, negbin, choice), got keys " + map.keySet());
            }
            String dist = kind.toString();
            Map<String, Template> parts = new LinkedHashMap<>();
            java.util.function.Function<Map<String, Object>, Distribution> build;
            double nonNegative = 0;
            double positive = Double.MIN_VALUE;
            double any = Double.NEGATIVE_INFINITY;
            switch (dist) {
                case "constant":
                    params(map, path, parts, Map.of("value", any));
                    build = v -> Distribution.constant(num(v, "value"));
                    break;
                case "uniform":
                    params(map, path, parts, Map.of("low", any, "high", any));
                    build = v -> new Distributions.Uniform(num(v, "low"), num(v, "high"));
                    break;
                case "exponential":
                    params(map, path, parts, Map.of("mean", positive));
                    build = v -> new Distributions.Exponential(num(v, "mean"));
                    break;
                case "normal": {
                    Map<String, Double> allowed = new LinkedHashMap<>();
                    allowed.put("mean", any);
                    allowed.put("sd", nonNegative);
                    allowed.put("min", any);
                    allowed.put("max", any);
                    params(map, path, parts, allowed, "min", "max");
                    build = v -> new Distributions.Normal(num(v, "mean"), num(v, "sd"),
                            v.containsKey("min") ? num(v, "min") : Double.NEGATIVE_INFINITY,
                            v.containsKey("max") ? num(v, "max") : Double.POSITIVE_INFINITY);
                    break;
                }
                case "lognormal":
                    params(map, path, parts, Map.of("median", positive, "sigma", nonNegative));
                    build = v -> new Distributions.LogNormal(num(v, "median"), num(v, "sigma"));
                    break;
                case "gamma":
                    params(map, path, parts, Map.of("shape", positive, "scale", positive));
                    build = v -> new Distributions.Gamma(num(v, "shape"), num(v, "scale"));
                    break;
                case "triangular":
                    params(map, path, parts, Map.of("low", any, "mode", any, "high", any));
                    build = v -> new Distributions.Triangular(num(v, "low"), num(v, "mode"), num(v, "high"));
                    break;
                case "poisson":
                    params(map, path, parts, Map.of("mean", nonNegative));
                    build = v -> new Distributions.Poisson(num(v, "mean"));
                    break;
                case "negbin":
                    params(map, path, parts, Map.of("mean", nonNegative, "dispersion", positive));
                    build = v -> new Distributions.NegativeBinomial(num(v, "mean"), num(v, "dispersion"));
                    break;
                case "choice":
                    return choice(map, path, minimum);
                default:
                    throw error(path, "unknown distribution '" + dist + "'; use constant, uniform, exponential, normal,"
                            + " lognormal, gamma, triangular, poisson, negbin or choice");
            }
            checkDistribution(dist, parts, path, minimum);
            return composite(parts, build);
        }

        /** Checks ordering and support at both ends of every randomised range. */
        private void checkDistribution(String dist, Map<String, Template> parts, String path, double minimum) {
            for (boolean high : new boolean[] {false, true}) {
                Map<String, Double> v = new HashMap<>();
                parts.forEach((name, template) -> v.put(name, template instanceof Randomized r
                        ? (high ? r.high() : r.low()) : ((Number) ((Fixed) template).value()).doubleValue()));
                switch (dist) {
                    case "uniform":
                        if (v.get("low") > v.get("high")) {
                            throw error(path, "uniform needs low <= high, got low " + fmt(v.get("low")) + " > high "
                                    + fmt(v.get("high")));
                        }
                        break;
                    case "triangular":
                        if (!(v.get("low") <= v.get("mode") && v.get("mode") <= v.get("high")) || v.get("low").equals(v.get("high"))) {
                            throw error(path, "triangular needs low <= mode <= high with low < high");
                        }
                        break;
                    case "normal":
                        if (v.containsKey("min") && v.containsKey("max") && v.get("min") > v.get("max")) {
                            throw error(path, "normal needs min <= max");
                        }
                        break;
                    default:
                        break;
                }
                double lowest = switch (dist) {
                    case "constant" -> v.get("value");
                    case "uniform", "triangular" -> v.get("low");
                    case "normal" -> v.getOrDefault("min", Double.NEGATIVE_INFINITY);
                    default -> 0;
                };
                if (lowest < minimum) {
                    throw error(path, dist + " can produce " + fmt(lowest) + ", below the allowed minimum " + fmt(minimum)
                            + (dist.equals("normal") ? "; set min: " + fmt(minimum) : ""));
                }
            }
        }

        private Template choice(Map<String, Object> map, String path, double minimum) {
            allowOnly(map, path, Set.of("dist", "values", "weights"));
            List<?> values = list(require(map, path, "values"), path + ".values");
            List<?> weights = map.containsKey("weights") ? list(map.get("weights"), path + ".weights") : null;
            if (values.isEmpty() || weights != null && weights.size() != values.size()) {
                throw error(path, "choice needs a non-empty values list and, if given, as many weights");
            }
            double[] v = new double[values.size()];
            double[] cumulative = new double[values.size()];
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = plainNumber(values.get(i), path + ".values[" + i + "]", false);
                checkRange(v[i], path + ".values[" + i + "]", minimum, Double.POSITIVE_INFINITY);
                double w = weights == null ? 1 : plainNumber(weights.get(i), path + ".weights[" + i + "]", false);
                checkRange(w, path + ".weights[" + i + "]", 0, Double.POSITIVE_INFINITY);
                sum += w;
                cumulative[i] = sum;
            }
            if (sum <= 0) {
                throw error(path, "choice weights must not all be zero");
            }
            return new Fixed(new Distributions.Choice(v, cumulative));
        }

        private void params(Map<String, Object> map, String path, Map<String, Template> parts, Map<String, Double> allowed,
                            String... optional) {
            Set<String> keys = new java.util.HashSet<>(allowed.keySet());
            keys.add("dist");
            allowOnly(map, path, keys);
            for (Map.Entry<String, Double> param : allowed.entrySet()) {
                String name = param.getKey();
                if (!map.containsKey(name)) {
                    if (List.of(optional).contains(name)) {
                        continue;
                    }
                    throw error(path, map.get("dist") + " needs '" + name + "'");
                }
                double min = param.getValue();
                Template t = number(map.get(name), path + "." + name, min == Double.MIN_VALUE ? 0 : min, Double.POSITIVE_INFINITY,
                        false);
                if (min == Double.MIN_VALUE && (t instanceof Fixed f && ((Number) f.value()).doubleValue() <= 0
                        || t instanceof Randomized r && r.low() <= 0)) {
                    throw error(path + "." + name, "must be > 0");
                }
                parts.put(name, t);
            }
        }

        Template categorical(Object node, String path) {
            Map<String, Object> map = map(node, path);
            if (map.isEmpty()) {
                throw error(path, "needs at least one category with a weight");
            }
            List<String> names = new ArrayList<>();
            double[] weights = new double[map.size()];
            double sum = 0;
            int i = 0;
            for (Map.Entry<String, Object> category : map.entrySet()) {
                names.add(String.valueOf(category.getKey()));
                weights[i] = plainNumber(category.getValue(), path + "." + category.getKey(), false);
                checkRange(weights[i], path + "." + category.getKey(), 0, Double.POSITIVE_INFINITY);
                sum += weights[i++];
            }
            if (sum <= 0) {
                throw error(path, "weights must not all be zero");
            }
            return new Fixed(new Categorical(names, weights));
        }

        Template seasonality(Object node, String path) {
            Map<String, Object> map = map(node, path);
            allowOnly(map, path, Set.of("daily", "weekly"));
            double[] daily = factors(map.get("daily"), path + ".daily", 24);
            double[] weekly = factors(map.get("weekly"), path + ".weekly", 7);
            return new Fixed(new Seasonality(daily, weekly));
        }

        private double[] factors(Object node, String path, int n) {
            double[] values = new double[n];
            if (node == null) {
                java.util.Arrays.fill(values, 1.0);
                return values;
            }
            List<?> list = list(node, path);
            if (list.size() != n) {
                throw error(path, "needs " + n + " factors, got " + list.size());
            }
            double max = 0;
            for (int i = 0; i < n; i++) {
                values[i] = plainNumber(list.get(i), path + "[" + i + "]", false);
                checkRange(values[i], path + "[" + i + "]", 0, Double.POSITIVE_INFINITY);
                max = Math.max(max, values[i]);
            }
            if (max <= 0) {
                throw error(path, "factors must not all be zero");
            }
            return values;
        }

        /** A template that builds a value from named parts, fixed once when every part is fixed. */
        private Template composite(Map<String, Template> parts, java.util.function.Function<Map<String, Object>, ?> build) {
            if (parts.values().stream().allMatch(Fixed.class::isInstance)) {
                Map<String, Object> values = new LinkedHashMap<>();
                parts.forEach((name, t) -> values.put(name, ((Fixed) t).value()));
                return new Fixed(build.apply(values));
            }
            return (random, drawn) -> {
                Map<String, Object> values = new LinkedHashMap<>();
                parts.forEach((name, t) -> values.put(name, t.resolve(random, drawn)));
                return build.apply(values);
            };
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> map(Object node, String path) {
            if (!(node instanceof Map)) {
                throw error(path, "expected a map, got " + describe(node));
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<Object, Object>) node).forEach((k, v) -> copy.put(String.valueOf(k), v));
            return copy;
        }

        private List<?> list(Object node, String path) {
            if (!(node instanceof List<?> list)) {
                throw error(path, "expected a list, got " + describe(node));
            }
            return list;
        }

        private Object require(Map<String, Object> map, String path, String key) {
            if (!map.containsKey(key)) {
                throw error(path, "needs '" + key + "'");
            }
            return map.get(key);
        }

        private void allowOnly(Map<?, ?> map, String path, Set<String> allowed) {
            for (Object key : map.keySet()) {
                if (!allowed.contains(String.valueOf(key))) {
                    String best = allowed.stream().min(Comparator.comparingInt(a -> editDistance(a, String.valueOf(key))))
                            .orElse("");
                    throw error(path, "unknown key '" + key + "'" + (editDistance(best, String.valueOf(key)) <= 2
                            ? " (did you mean '" + best + "'?)" : "; expected " + new TreeSet<>(allowed)));
                }
            }
        }

        private static double num(Map<String, Object> values, String key) {
            return ((Number) values.get(key)).doubleValue();
        }

        private static String fmt(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }
    }
}
