package dev.distill4j.serve.guard;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.distill4j.core.AtomicFiles;
import dev.distill4j.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every key's account, and the file they are kept in so that a restarted server remembers who was doing what (an
 * attacker must not get a clean slate by waiting for a deploy). Saved atomically: a crash mid-save leaves the previous
 * file.
 */
public final class GuardLedger {
    /** The ledger file in the guard's state folder. */
    public static final String FILE_NAME = "guard-ledger.json";
    private static final TypeReference<List<KeyAccount.Usage>> USAGES = new TypeReference<>() {};

    private final Map<String, KeyAccount> accounts = new ConcurrentHashMap<>();
    private final int window;
    private final Map<String, String> groups;

    /**
     * @param window recent requests kept per key
     * @param groups the group of each key that has one (keys of one organisation); others are their own group
     */
    public GuardLedger(int window, Map<String, String> groups) {
        this.window = window;
        this.groups = Map.copyOf(groups);
    }

    /** Records a request on its key's account, opening the account at the key's first request. */
    public void record(RequestEvent event, PromptTrace trace) {
        accounts.computeIfAbsent(event.keyId(), id -> new KeyAccount(id, groups.get(id), window)).record(event, trace);
    }

    /**
     * Requests recorded for the key so far (0 for a key never seen): a simulator waits on it to know that a request
     * it sent has been admitted, without waiting for the answer.
     */
    public long requests(String keyId) {
        KeyAccount account = accounts.get(keyId);
        return account == null ? 0 : account.requests();
    }

    /** Every account's usage, by key id. */
    public List<KeyAccount.Usage> usages() {
        List<KeyAccount.Usage> usages = new ArrayList<>();
        accounts.values().forEach(account -> usages.add(account.usage()));
        usages.sort(Comparator.comparing(KeyAccount.Usage::keyId));
        return usages;
    }

    public void save(Path file) {
        List<KeyAccount.Usage> usages = usages();
        AtomicFiles.writeText(file, out -> out.write(Json.MAPPER.writeValueAsString(usages)));
    }

    /** The ledger saved in {@code file}, or an empty one when there is no file yet. */
    public static GuardLedger load(Path file, int window, Map<String, String> groups) {
        GuardLedger ledger = new GuardLedger(window, groups);
        if (!Files.isRegularFile(file)) {
            return ledger;
        }
        try {
            for (KeyAccount.Usage usage : Json.MAPPER.readValue(Files.readString(file), USAGES)) {
                ledger.accounts.put(usage.keyId(), KeyAccount.restore(usage, window));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException("cannot read the guard's ledger " + file + " (" + e.getMessage()
                    + "); move it aside to start the guard afresh", e instanceof IOException io ? io : new IOException(e));
        }
        return ledger;
    }
}
