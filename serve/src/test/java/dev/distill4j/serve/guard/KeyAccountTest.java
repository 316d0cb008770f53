package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyAccountTest {
    private static RequestEvent event(long at, int n, boolean logprobs, boolean scoring) {
        return new RequestEvent("alice", at, 10, 20, n, logprobs, logprobs ? 5 : 0, scoring, 1.0);
    }

    @Test
    void should_total_every_request_and_keep_only_the_recent_window() {
        KeyAccount account = new KeyAccount("alice", "acme", 3);
        for (int i = 0; i < 5; i++) {
            account.record(event(1_000 + i, i % 2 == 0 ? 4 : 1, i == 1, i == 4), new PromptTrace(100 + i, new long[] {i}));
        }
        KeyAccount.Usage usage = account.usage();
        assertThat(usage.requests()).isEqualTo(5);
        assertThat(usage.promptTokens()).isEqualTo(50);
        assertThat(usage.completionTokens()).isEqualTo(100);
        assertThat(usage.multiSampleRequests()).isEqualTo(3);
        assertThat(usage.logprobRequests()).isEqualTo(1);
        assertThat(usage.scoringRequests()).isEqualTo(1);
        assertThat(usage.firstSeenMillis()).isEqualTo(1_000);
        assertThat(usage.lastSeenMillis()).isEqualTo(1_004);
        assertThat(usage.recent()).extracting(RequestEvent::atMillis).containsExactly(1_002L, 1_003L, 1_004L);
        assertThat(usage.traces()).extracting(PromptTrace::skeleton).containsExactly(102L, 103L, 104L);
        assertThat(usage.group()).isEqualTo("acme");
    }

    @Test
    void should_restore_what_it_saved() {
        KeyAccount account = new KeyAccount("alice", null, 4);
        for (int i = 0; i < 6; i++) {
            account.record(event(i, 1, false, false), new PromptTrace(i, new long[0]));
        }
        KeyAccount restored = KeyAccount.restore(account.usage(), 4);
        assertThat(restored.usage()).isEqualTo(account.usage());
        assertThat(restored.group()).isEqualTo("alice");
        // A smaller window on restore keeps the newest.
        assertThat(KeyAccount.restore(account.usage(), 2).usage().traces()).extracting(PromptTrace::skeleton).containsExactly(4L, 5L);
    }

    @Test
    void should_count_every_request_recorded_from_many_threads() throws Exception {
        KeyAccount account = new KeyAccount("alice", null, 100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 1_000; i++) {
                    account.record(event(i, 1, false, false), new PromptTrace(i, new long[0]));
                }
            }));
        }
        for (var future : done) {
            future.get();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(account.usage().requests()).isEqualTo(8_000);
        assertThat(account.usage().recent()).hasSize(100);
    }

    @Test
    void should_refuse_another_keys_request_and_an_empty_window() {
        assertThatThrownBy(() -> new KeyAccount("alice", null, 0)).hasMessageContaining("window");
        KeyAccount account = new KeyAccount("alice", null, 2);
        assertThatThrownBy(() -> account.record(new RequestEvent("bob", 0, 1, 1, 1, false, 0, false, 1), new PromptTrace(0, new long[0]))).hasMessageContaining("bob");
    }
}
