package dev.distill4j.serve;

import java.nio.file.Path;

/** Another server holds the batch API's state folder: each server needs a folder of its own. */
public final class StateFolderInUseException extends IllegalArgumentException {
    private final Path folder;

    StateFolderInUseException(Path folder) {
        super("option 'state': the folder " + folder + " is in use by another server; give each server its own state folder");
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }
}
