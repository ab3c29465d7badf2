package io.mdpstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory that a harness deletes, with all it holds, when it is done: a 5-minute
 * sink run stores gigabytes, and harnesses left them behind before.
 */
final class TempTree implements AutoCloseable {

    private final Path root;

    private TempTree(Path root) {
        this.root = root;
    }

    static TempTree create(String prefix) throws IOException {
        return new TempTree(Files.createTempDirectory(prefix));
    }

    Path root() {
        return root;
    }

    @Override
    public void close() {
        try {
            delete(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the harness's temporary directory " + root, e);
        }
    }

    /** Deletes a directory and everything in it. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
