package dev.distill4j.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFolderTest {
    @TempDir
    Path parent;

    private Path target() {
        return parent.resolve("ckpt");
    }

    private String[] siblings() throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            return files.map(path -> path.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void should_replace_an_existing_folder_whole_and_leave_nothing_beside_it() throws Exception {
        AtomicFolder.write(target(), folder -> {
            Files.writeString(folder.resolve("a.txt"), "old");
            Files.createDirectories(folder.resolve("sub"));
            Files.writeString(folder.resolve("sub/b.txt"), "old");
        });
        AtomicFolder.write(target(), folder -> Files.writeString(folder.resolve("a.txt"), "new"));

        assertThat(Files.readString(target().resolve("a.txt"))).isEqualTo("new");
        assertThat(target().resolve("sub")).doesNotExist();
        assertThat(siblings()).containsExactly("ckpt");
    }

    @Test
    void should_leave_the_old_folder_untouched_and_no_partial_one_when_the_writer_fails_midway() throws Exception {
        AtomicFolder.write(target(), folder -> Files.writeString(folder.resolve("a.txt"), "old"));

        assertThatThrownBy(() -> AtomicFolder.write(target(), folder -> {
            Files.writeString(folder.resolve("a.txt"), "half");
            throw new IOException("disk full");
        })).hasMessageContaining("cannot write " + target() + ": disk full");

        assertThat(Files.readString(target().resolve("a.txt"))).isEqualTo("old");
        assertThat(siblings()).containsExactly("ckpt");
    }

    @Test
    void should_create_missing_parent_folders() throws Exception {
        Path deep = parent.resolve("runs/demo/models/student");
        AtomicFolder.write(deep, folder -> Files.writeString(folder.resolve("a.txt"), "x"));
        assertThat(deep.resolve("a.txt")).hasContent("x");
    }
}
