package dev.distill4j.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Provenance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real writer process killed with SIGKILL mid-batch: every committed row survives, no partial batch does. */
class StoreCrashTest {
    private static final int BATCH = 15_000;

    @TempDir
    Path dir;

    @Test
    void should_keep_every_committed_row_and_no_partial_batch_after_sigkill_mid_batch() throws Exception {
        int nextBatch = 0;
        int roundsThatLostTheBatchInFlight = 0;
        // Kill three times at different depths into a batch (a batch takes a few hundred ms to write),
        // resuming each time from where the store says.
        long[] delaysAfterBegin = {0, 30, 90};
        for (long delay : delaysAfterBegin) {
            Process writer = startWriter(nextBatch);
            int lastCommitted = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                int targetBegin = nextBatch + 3;
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("committed ")) {
                        lastCommitted = Integer.parseInt(line.substring("committed ".length()));
                        if (lastCommitted == nextBatch) {
                            // While the writer holds the store, a second process is refused with a clear message.
                            assertThatThrownBy(() -> RunStore.open(dir, Provenance.adHoc("other", 1)))
                                    .isInstanceOf(StoreException.class).hasMessageContaining("open in another process");
                        }
                    }
                    if (line.equals("begin " + targetBegin)) {
                        Thread.sleep(delay);
                        writer.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
                        break;
                    }
                }
            }
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(lastCommitted).as("the writer committed batches before it was killed").isGreaterThanOrEqualTo(nextBatch + 2);

            Map<Integer, Integer> rowsPerBatch = verifyStore(lastCommitted);
            int killedBatch = nextBatch + 3;
            if (!rowsPerBatch.containsKey(killedBatch)) {
                roundsThatLostTheBatchInFlight++;
            }
            nextBatch = rowsPerBatch.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        }
        // Proof that the kills landed inside transactions, not only between them.
        assertThat(roundsThatLostTheBatchInFlight).isGreaterThanOrEqualTo(1);
    }

    /** Checks the store after a crash and returns the rows found per batch. */
    private Map<Integer, Integer> verifyStore(int lastCommitted) {
        Map<Integer, Integer> rowsPerBatch = new TreeMap<>();
        try (RunStore store = RunStore.open(dir, Provenance.adHoc("check", 1))) {
            store.samples().forEach(sample -> {
                assertThat(sample.completion()).as(sample.key()).isEqualTo(StoreWriterChild.expectedCompletion(sample.key()));
                int batch = Integer.parseInt(sample.key().substring(1, sample.key().indexOf('-')));
                rowsPerBatch.merge(batch, 1, Integer::sum);
            });
        }
        for (int batch = 0; batch <= lastCommitted; batch++) {
            assertThat(rowsPerBatch).as("batch %d was committed", batch).containsEntry(batch, BATCH);
        }
        // A batch is all there or not there at all, and the batches that are there have no gaps: the writer
        // may have committed more than the parent had read (its output waits in the pipe), never a part.
        assertThat(rowsPerBatch.values()).allMatch(count -> count == BATCH);
        int highest = rowsPerBatch.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        assertThat(rowsPerBatch).hasSize(highest + 1);
        return rowsPerBatch;
    }

    private Process startWriter(int firstBatch) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                StoreWriterChild.class.getName(), dir.toString(), Integer.toString(firstBatch), Integer.toString(BATCH));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

}
