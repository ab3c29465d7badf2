package io.mdpstream.contract;

import io.mdpstream.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * Keeps the data contract BACKWARD compatible across releases: consumers built on the current
 * schemas must read everything written with the last released ones.
 *
 * <p>Released schemas live in the repository under {@code schemas/released/<version>/}, one
 * self-contained {@code <full name>.avsc} per top-level event schema. {@link #snapshot} writes a new
 * release directory; {@link #check} compares the current contract with the newest one.
 */
public final class ContractEvolution {

    private ContractEvolution() {
    }

    /**
     * {@code check <released dir>} prints problems and exits 1 if any; {@code snapshot <released dir>
     * <version>} records the current contract as a release.
     */
    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("check")) {
            List<String> problems = check(Path.of(args[1]));
            problems.forEach(System.err::println);
            System.exit(problems.isEmpty() ? 0 : 1);
        } else if (args.length == 3 && args[0].equals("snapshot")) {
            System.out.println("wrote " + snapshot(Path.of(args[1]), args[2]));
        } else {
            System.err.println("usage: ContractEvolution check <released-dir> | snapshot <released-dir> <version>");
            System.exit(2);
        }
    }

    /**
     * Lists what in the current contract breaks BACKWARD compatibility with the newest release under
     * {@code releasedRoot}: a removed event type, or a change that new readers cannot apply to old data.
     *
     * @return problems in words; empty when the contract may be released
     * @throws IllegalStateException when {@code releasedRoot} holds no release
     */
    public static List<String> check(Path releasedRoot) {
        Path release = newestRelease(releasedRoot).orElseThrow(() -> new IllegalStateException(
                "no released contract under " + releasedRoot + "; snapshot the first release there"));
        Map<String, Schema> current = ContractSchemas.topLevel();
        List<String> problems = new ArrayList<>();
        for (Path file : avscFiles(release)) {
            Schema released = parse(file);
            Schema now = current.get(released.getFullName());
            if (now == null) {
                problems.add(released.getFullName() + ": released in " + release.getFileName()
                        + " but gone from the current contract");
                continue;
            }
            for (String message : CompatibilityLevel.BACKWARD.incompatibilities(now, List.of(released))) {
                problems.add(released.getFullName() + ": not BACKWARD compatible with release "
                        + release.getFileName() + ": " + message);
            }
        }
        return problems;
    }

    /** Writes the current contract as release {@code version} under {@code releasedRoot}. */
    public static Path snapshot(Path releasedRoot, String version) {
        Path dir = releasedRoot.resolve(version);
        try {
            Files.createDirectories(dir);
            for (Schema schema : ContractSchemas.topLevel().values()) {
                Files.writeString(dir.resolve(schema.getFullName() + ".avsc"), schema.toString(true) + "\n",
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write release " + dir, e);
        }
        return dir;
    }

    /** The release directory with the highest version number, comparing numeric parts as numbers. */
    static Optional<Path> newestRelease(Path releasedRoot) {
        if (!Files.isDirectory(releasedRoot)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(releasedRoot)) {
            return dirs.filter(Files::isDirectory).max(Comparator.comparing(p -> p.getFileName().toString(),
                    ContractEvolution::compareVersions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + releasedRoot, e);
        }
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d+") && q.matches("\\d+")
                    ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<Path> avscFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static Schema parse(Path file) {
        try {
            // Each released file is self-contained: a fresh parser, so names cannot leak between files.
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read released schema " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("released schema " + file + " does not parse: " + e.getMessage(), e);
        }
    }
}
