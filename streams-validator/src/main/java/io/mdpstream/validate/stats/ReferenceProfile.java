package io.mdpstream.validate.stats;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a scenario's streams normally look like: the reward's {@link Summary} and one per observation feature,
 * captured from a run ({@link #of}) and stored as a JSON file that windows are scored against for drift.
 *
 * <p>File format {@value #FORMAT_VERSION}: an object with {@code format}, {@code scenario}, {@code reward} (a summary)
 * and {@code features} (summaries by path, in feature order). A summary holds its whole state (counts, moments, and
 * the sketch's buckets), so a profile read back is equal to the one written. Unknown fields are ignored.
 *
 * <p>Immutable and thread-safe: it keeps its own copies of the summaries and hands out copies.
 */
public final class ReferenceProfile {

    /** The {@code format} this class writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Larger files are refused before they are read. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String scenario;
    private final Summary reward;
    private final Map<String, Summary> features;

    private ReferenceProfile(String scenario, Summary reward, Map<String, Summary> features) {
        this.scenario = scenario;
        this.reward = reward;
        this.features = features;
    }

    /**
     * The profile of a captured window (or of several, merged), without the {@value WindowStats#OTHER} pool.
     *
     * @param scenario the scenario the window's streams come from; recorded in the file and checked on
     *                 {@link #read(Path, String)}
     * @throws IllegalArgumentException if {@code scenario} is blank
     */
    public static ReferenceProfile of(String scenario, WindowStats stats) {
        Objects.requireNonNull(stats, "stats");
        Map<String, Summary> features = new LinkedHashMap<>();
        stats.features().forEach((name, summary) -> {
            if (!WindowStats.OTHER.equals(name)) {
                features.put(name, summary.copy());
            }
        });
        return new ReferenceProfile(requireScenario(scenario), stats.reward().copy(), features);
    }

    /**
     * The profile of both captures: summaries of the same name merged, the others kept, this profile's features
     * first.
     *
     * @throws IllegalArgumentException if the scenarios differ
     */
    public ReferenceProfile merge(ReferenceProfile other) {
        Objects.requireNonNull(other, "other");
        if (!scenario.equals(other.scenario)) {
            throw new IllegalArgumentException("cannot merge profiles of scenarios '" + scenario + "' and '"
                    + other.scenario + "'");
        }
        Map<String, Summary> merged = new LinkedHashMap<>();
        features.forEach((name, summary) -> merged.put(name, summary.copy()));
        other.features.forEach((name, summary) -> merged.computeIfAbsent(name, key -> new Summary()).merge(summary));
        return new ReferenceProfile(scenario, reward.copy().merge(other.reward), merged);
    }

    public String scenario() {
        return scenario;
    }

    /** A copy of the reward summary. */
    public Summary reward() {
        return reward.copy();
    }

    /** Feature paths in order. */
    public Set<String> featureNames() {
        return Collections.unmodifiableSet(features.keySet());
    }

    /** A copy of the feature's summary, or empty when the profile has none. */
    public Optional<Summary> feature(String name) {
        Summary summary = features.get(name);
        return summary == null ? Optional.empty() : Optional.of(summary.copy());
    }

    /** Live, for scoring without copying; callers in this package only read. */
    Summary rewardSummary() {
        return reward;
    }

    /** Live, for scoring without copying; callers in this package only read. */
    Map<String, Summary> featureSummaries() {
        return features;
    }

    /**
     * Writes the profile as JSON, replacing the file atomically where the file system allows, so a reader never sees
     * half a profile.
     *
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public void write(Path file) {
        Objects.requireNonNull(file, "file");
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT_VERSION);
        root.put("scenario", scenario);
        root.set("reward", SummaryJson.write(reward));
        ObjectNode featureNodes = root.putObject("features");
        features.forEach((name, summary) -> featureNodes.set(name, SummaryJson.write(summary)));
        Path absolute = file.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
            JSON.writeValue(temp.toFile(), root);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("Cannot write reference profile " + file + ": " + e, e);
        }
    }

    /**
     * Reads a profile written by {@link #write}.
     *
     * @throws ProfileException naming the file and the problem: it cannot be read or is too large, is not JSON, has
     *                          another format version, misses a field, or has a field out of range (such as a
     *                          negative count)
     */
    public static ReferenceProfile read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a profile and checks that it was captured for the expected scenario.
     *
     * @param expectedScenario the scenario the profile must be for, or null to accept any
     * @throws ProfileException as {@link #read(Path)}, and when the profile is for another scenario
     */
    public static ReferenceProfile read(Path file, String expectedScenario) {
        Objects.requireNonNull(file, "file");
        JsonNode root = parse(file);
        ReferenceProfile profile;
        try {
            profile = fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(problem(file, e.getMessage()), e);
        }
        if (expectedScenario != null && !expectedScenario.equals(profile.scenario)) {
            throw new ProfileException(problem(file, "it was captured for scenario '" + profile.scenario
                    + "', expected '" + expectedScenario + "'"));
        }
        return profile;
    }

    private static JsonNode parse(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ProfileException(problem(file, "it has " + size + " bytes, more than the "
                        + MAX_FILE_BYTES + " a profile may have"));
            }
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                throw new ProfileException(problem(file, "it is empty"));
            }
            return root;
        } catch (JacksonException e) {
            throw new ProfileException(problem(file, "it is not valid JSON: " + e.getOriginalMessage()
                    + locationOf(e)), e);
        } catch (NoSuchFileException e) {
            throw new ProfileException(problem(file, "no such file"), e);
        } catch (IOException e) {
            throw new ProfileException(problem(file, "it cannot be read: " + e), e);
        }
    }

    private static ReferenceProfile fromJson(JsonNode root) {
        SummaryJson.requireObject(root, "");
        // The version first: a newer file should say so, not report whatever field it renamed.
        JsonNode format = SummaryJson.required(root, "format", "");
        if (!format.isIntegralNumber() || format.asLong() != FORMAT_VERSION) {
            throw new IllegalArgumentException("format is " + format + ", this version reads only " + FORMAT_VERSION);
        }
        JsonNode scenarioNode = SummaryJson.required(root, "scenario", "");
        if (!scenarioNode.isTextual() || scenarioNode.textValue().isBlank()) {
            throw new IllegalArgumentException("scenario must be a non-blank string, was " + scenarioNode);
        }
        Summary reward = SummaryJson.read(SummaryJson.required(root, "reward", ""), "reward");
        JsonNode featureNodes = SummaryJson.required(root, "features", "");
        SummaryJson.requireObject(featureNodes, "features");
        Map<String, Summary> features = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : featureNodes.properties()) {
            features.put(entry.getKey(), SummaryJson.read(entry.getValue(), "features." + entry.getKey()));
        }
        return new ReferenceProfile(scenarioNode.textValue(), reward, features);
    }

    private static String requireScenario(String scenario) {
        Objects.requireNonNull(scenario, "scenario");
        if (scenario.isBlank()) {
            throw new IllegalArgumentException("scenario must not be blank");
        }
        return scenario;
    }

    private static String problem(Path file, String what) {
        return "Reference profile " + file + ": " + what;
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The write already failed; that error is the one to report.
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ReferenceProfile other
                && scenario.equals(other.scenario)
                && reward.equals(other.reward)
                && new ArrayList<>(features.entrySet()).equals(new ArrayList<>(other.features.entrySet()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(scenario, reward, features);
    }

    @Override
    public String toString() {
        return "ReferenceProfile[scenario=" + scenario + ", reward=" + reward + ", features=" + features.keySet() + "]";
    }
}
