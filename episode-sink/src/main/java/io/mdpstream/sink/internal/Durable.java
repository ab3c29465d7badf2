package io.mdpstream.sink.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Making files durable: a file is written under a hidden temporary name, forced to disk, renamed
 * atomically to its final name, and the directory is forced so that the rename itself survives a
 * crash. A reader therefore sees a file whole or not at all.
 */
public final class Durable {

    private static final String TEMP_SUFFIX = ".tmp";

    private Durable() {
    }

    /** The hidden temporary name a file is written under before {@link #publish}. */
    public static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + TEMP_SUFFIX);
    }

    /** Whether a file name is one of {@link #temporary}'s, left over by a crash. */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /** Forces a written temporary file to disk and renames it to {@code target}, then forces the directory. */
    public static void publish(Path temporary, Path target) throws IOException {
        force(temporary);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Both names are in one directory; a file system without atomic rename there has no better option.
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /** Writes bytes to {@code target} durably and atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        Path temporary = temporary(target);
        Files.write(temporary, content);
        publish(temporary, target);
    }

    /** Forces a file's content and metadata to disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a directory's entries to disk, where the platform allows opening a directory (Linux, macOS). */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
                throw e;
            }
        }
    }
}
