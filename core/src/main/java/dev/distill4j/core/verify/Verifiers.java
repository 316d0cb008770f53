package dev.distill4j.core.verify;

import dev.distill4j.core.Suggestions;
import dev.distill4j.core.VerifierSpec;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The verifiers on the class path, by type, and a cache of verifiers built from specs. */
public final class Verifiers {
    private final Map<String, VerifierProvider> providers;
    private final Map<VerifierSpec, Verifier> built = new ConcurrentHashMap<>();

    public Verifiers(Iterable<VerifierProvider> providers) {
        Map<String, VerifierProvider> byType = new TreeMap<>();
        for (VerifierProvider provider : providers) {
            VerifierProvider previous = byType.putIfAbsent(provider.type(), provider);
            if (previous != null && previous.getClass() != provider.getClass()) {
                throw new IllegalStateException("two verifiers claim the type '" + provider.type() + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        this.providers = java.util.Collections.unmodifiableMap(byType);
    }

    /** Every verifier registered through {@link ServiceLoader} on the class path. */
    public static Verifiers discover() {
        return new Verifiers(ServiceLoader.load(VerifierProvider.class));
    }

    public Map<String, VerifierProvider> providers() {
        return providers;
    }

    /**
     * The verifier for a spec, built once.
     *
     * @throws IllegalArgumentException for an unknown type or an option the verifier does not take
     */
    public Verifier forSpec(VerifierSpec spec) {
        Verifier cached = built.get(spec);
        if (cached != null) {
            return cached;
        }
        Verifier verifier = provider(spec.type()).create(checkOptions(spec));
        built.putIfAbsent(spec, verifier);
        return verifier;
    }

    /** Checks a spec without building it: the type exists and every option is known. */
    public VerifierSpec checkOptions(VerifierSpec spec) {
        VerifierProvider provider = provider(spec.type());
        for (String option : spec.options().keySet()) {
            if (!provider.options().contains(option)) {
                throw new IllegalArgumentException("verifier '" + spec.type() + "' has no option '" + option + "'"
                        + Suggestions.didYouMean(option, provider.options())
                        + "; its options are " + new java.util.TreeSet<>(provider.options()));
            }
        }
        return spec;
    }

    private VerifierProvider provider(String type) {
        VerifierProvider provider = providers.get(type);
        if (provider == null) {
            throw new IllegalArgumentException("unknown verifier '" + type + "'" + Suggestions.didYouMean(type, providers.keySet())
                    + "; known verifiers: " + String.join(", ", providers.keySet()));
        }
        return provider;
    }
}
