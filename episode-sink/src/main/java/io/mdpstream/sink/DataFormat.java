package io.mdpstream.sink;

import java.util.Locale;

/** How steps and episodes are stored: Parquet (the default, columnar and typed) or JSON Lines (one object per line). */
public enum DataFormat {
    PARQUET("parquet"),
    JSONL("jsonl");

    private final String extension;

    DataFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The option's value as users write it: {@code parquet} or {@code jsonl}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
