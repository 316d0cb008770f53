package dev.distill4j.curate;

/** Hears every drop, with the candidate's ordinal (its 0-based position in the input) and why. */
@FunctionalInterface
public interface CurationListener<T> {
    /**
     * @param ordinal     the candidate's position in the input
     * @param duplicateOf for {@link DropReason#NEAR_DUPLICATE}, the ordinal of the kept candidate it duplicates; else -1
     */
    void dropped(int ordinal, Candidate<T> candidate, DropReason reason, int duplicateOf);
}
