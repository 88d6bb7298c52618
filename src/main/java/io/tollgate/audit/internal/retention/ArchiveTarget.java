package io.tollgate.audit.internal.retention;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where archives are written and read back from. Keys are {@code <tenant>/<from>-<to>/<file>}; a missing key
 * opens as {@link java.nio.file.NoSuchFileException}.
 */
public interface ArchiveTarget {

    /** Stores a local file under the key, replacing an earlier object of that key, durably before returning. */
    void put(String key, Path file) throws IOException;

    InputStream open(String key) throws IOException;

    /** A human-readable address of an archive folder, recorded with the archive (a path or an s3:// URL). */
    String location(String folder);
}
